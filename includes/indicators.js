// SQL fragments the indicator models share.

/**
 * The denominator of a per-10,000-residents indicator for one month: population in 10,000s
 * divided by 12, so that summing months gives an annual rate at every grain (see reference/README).
 */
function per10kDenominator(population) {
  return `(${population})::numeric / 10000 / 12`;
}

module.exports = { per10kDenominator };
