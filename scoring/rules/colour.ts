// The three colours and how rule verdicts combine: the worst one wins.

export type Colour = "green" | "yellow" | "red";
export type Direction = "higher_better" | "lower_better" | "two_sided";

export const COLOUR_RANK: Record<Colour, number> = { green: 0, yellow: 1, red: 2 };
export const COLOUR_WORD: Record<Colour, string> = { green: "正常", yellow: "异常", red: "问题" };

export function worstColour(colours: Colour[]): Colour {
  return colours.reduce<Colour>((worst, c) => (COLOUR_RANK[c] > COLOUR_RANK[worst] ? c : worst), "green");
}

/** Whether moving from `a` to `b` is a change for the worse, for an indicator's direction. */
export function isWorse(direction: Direction, from: number, to: number, target?: number): boolean {
  if (direction === "higher_better") return to < from;
  if (direction === "lower_better") return to > from;
  // Two-sided: worse is further from the middle of the interval.
  return target !== undefined && Math.abs(to - target) > Math.abs(from - target);
}
