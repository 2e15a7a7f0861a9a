// Shared SQL fragments for models: a rate that is null, not an error, when the denominator is 0.
function rate(numerator, denominator) {
  return `(${numerator})::numeric / nullif(${denominator}, 0)`;
}

module.exports = { rate };
