//! Solving for a tariff value: the smallest value, on a grid of whole steps
//! (öre or kronor), whose total reaches a target. Exact decimal search by
//! bisection on the integer number of steps; no floating point.
//!
//! The total is computed by a caller-given function (the whole tariff
//! computed with the value set), so that the search knows nothing of
//! tariffs. It assumes the total does not fall as the value grows (true of
//! every rule: rates, fixed parts, totals, agreement and external amounts);
//! what it returns is checked either way: the value reaches the target and
//! one step less does not.

use rust_decimal::Decimal;

use crate::diag::Diagnostics;
use crate::engine::model::Tariff;
use crate::engine::outcome::Outcome;

/// Where to search.
#[derive(Debug, Clone, Copy)]
pub struct Grid {
    /// The value of one step (0,01 for öre, 1 for kronor).
    pub step: Decimal,
    /// The most steps a value may have (the tariff's limit on the value).
    pub max_steps: i128,
    /// Where to start looking upwards (the value as the tariff has it, in steps).
    pub start_steps: i128,
}

/// A value found, with what it computed to.
#[derive(Debug, Clone)]
pub struct Solved<T> {
    pub value: Decimal,
    pub total: Decimal,
    /// The total one step lower (below the target), when the value is above 0.
    pub total_below: Option<Decimal>,
    pub result: T,
}

/// Why no value was found.
#[derive(Debug)]
pub enum Unsolved {
    /// The total is the same at 0 and at the largest value tried.
    NoEffect { total: Decimal },
    /// The total grows but never reaches the target; `best` is the most it
    /// reached, at `at`.
    Unreachable {
        best: Decimal,
        at: Decimal,
        refused: Option<Diagnostics>,
    },
    /// The tariff does not compute at the value tried.
    Failed { at: Decimal, problems: Diagnostics },
}

/// The smallest value `n × step` (n ≥ 0) whose total is at least `target`.
pub fn solve<T>(
    target: Decimal,
    grid: Grid,
    mut total_at: impl FnMut(Decimal) -> Result<(Decimal, T), Diagnostics>,
) -> Result<Solved<T>, Unsolved> {
    let value = |n: i128| grid.step * Decimal::from(n);
    let mut eval = |n: i128| total_at(value(n)).map_err(|problems| (n, problems));

    let (zero, zero_result) = eval(0).map_err(|(n, problems)| Unsolved::Failed {
        at: value(n),
        problems,
    })?;
    // Up from the tariff's own value, doubling, until the target is reached.
    let mut lo: i128 = 0;
    let mut lo_total = zero;
    let mut hi = grid.start_steps.clamp(1, grid.max_steps.max(1));
    let mut best = (zero, 0);
    let (hi_total, hi_result) = loop {
        match eval(hi) {
            Err((n, problems)) => {
                return Err(if best.0 != zero {
                    Unsolved::Unreachable {
                        best: best.0,
                        at: value(best.1),
                        refused: Some(problems),
                    }
                } else {
                    Unsolved::Failed {
                        at: value(n),
                        problems,
                    }
                });
            }
            Ok((total, result)) => {
                if total > best.0 {
                    best = (total, hi);
                }
                if zero >= target && total != zero {
                    // Already covered at 0, and the value does matter.
                    return Ok(Solved {
                        value: value(0),
                        total: zero,
                        total_below: None,
                        result: zero_result,
                    });
                }
                if total >= target && zero < target {
                    break (total, result);
                }
                if hi >= grid.max_steps {
                    return Err(if best.0 == zero {
                        Unsolved::NoEffect { total: zero }
                    } else {
                        Unsolved::Unreachable {
                            best: best.0,
                            at: value(best.1),
                            refused: None,
                        }
                    });
                }
                if total < target {
                    lo = hi;
                    lo_total = total;
                }
                hi = hi.saturating_mul(2).min(grid.max_steps);
            }
        }
    };
    // Bisection: total(lo) < target ≤ total(hi).
    let (mut hi_total, mut hi_result) = (hi_total, hi_result);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        let (total, result) = eval(mid).map_err(|(n, problems)| Unsolved::Failed {
            at: value(n),
            problems,
        })?;
        if total >= target {
            hi = mid;
            hi_total = total;
            hi_result = result;
        } else {
            lo = mid;
            lo_total = total;
        }
    }
    Ok(Solved {
        value: value(hi),
        total: hi_total,
        total_below: Some(lo_total),
        result: hi_result,
    })
}

/// A value found, and the year it computes to.
#[derive(Debug, Clone)]
pub struct Solution {
    pub key: String,
    /// The value the tariff had (with the other overrides), if any.
    pub was: Option<Decimal>,
    pub value: Decimal,
    /// The activity's id.
    pub activity: String,
    pub target: Decimal,
    pub total: Decimal,
    /// The total one step lower, when the value is above 0.
    pub total_below: Option<Decimal>,
    /// The override that gives the value, as `--set` takes it
    /// (`charges.dso.rate=7.29`).
    pub set: String,
    pub tariff: Tariff,
    pub outcome: Outcome,
}

impl Solution {
    pub fn surplus(&self) -> Decimal {
        self.total - self.target
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(step: &str, max: i128, start: i128) -> Grid {
        Grid {
            step: step.parse().unwrap(),
            max_steps: max,
            start_steps: start,
        }
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn finds_the_smallest_covering_value() {
        // 1 000 inhabitants × rate, rounded to whole kronor.
        let f = |v: Decimal| Ok((crate::money::round_kr(v * Decimal::from(1000)), ()));
        let s = solve(d("6534"), grid("0.01", 100_000_000, 653), f).unwrap();
        assert_eq!(s.value, d("6.54"));
        assert_eq!(s.total, d("6540"));
        assert_eq!(s.total_below, Some(d("6530")));
        // Exactly reachable: the value itself.
        let s = solve(d("6530"), grid("0.01", 100_000_000, 1), f).unwrap();
        assert_eq!(s.value, d("6.53"));
    }

    #[test]
    fn every_target_gives_a_value_that_covers_and_one_step_less_does_not() {
        for target in (0..5000).step_by(37) {
            let target = Decimal::from(target);
            let f = |v: Decimal| Ok((crate::money::round_kr(v * d("3.7") + d("100")), ()));
            match solve(target, grid("1", 1_000_000, 10), f) {
                Ok(s) => {
                    assert!(s.total >= target);
                    if s.value > Decimal::ZERO {
                        assert!(
                            crate::money::round_kr((s.value - Decimal::ONE) * d("3.7") + d("100")) < target
                        );
                    }
                }
                Err(e) => panic!("{target}: {e:?}"),
            }
        }
    }

    #[test]
    fn refuses_no_effect_and_unreachable() {
        let flat = |_: Decimal| Ok((d("500"), ()));
        assert!(matches!(
            solve(d("1000"), grid("1", 1000, 5), flat),
            Err(Unsolved::NoEffect { .. })
        ));
        // Covered at 0 but not moved by the value: still no effect.
        assert!(matches!(
            solve(d("100"), grid("1", 1000, 5), flat),
            Err(Unsolved::NoEffect { .. })
        ));
        let capped = |v: Decimal| Ok((v.min(d("300")), ()));
        match solve(d("1000"), grid("1", 1000, 5), capped) {
            Err(Unsolved::Unreachable { best, .. }) => assert_eq!(best, d("300")),
            other => panic!("{other:?}"),
        }
    }
}
