//! `[checks] review-after`: how long a guide's last review holds before `stale-guide` reports
//! it as due again. Written as a whole number and a unit: `90d` (days), `26w` (weeks), `6m`
//! (calendar months) or `1y` (calendar years).

use serde::Serialize;

use super::KeyError;

/// How long a review holds. Months and years are calendar ones, so `6m` after 2026-01-31 is
/// 2026-07-31 whatever the months between hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum ReviewAfter {
    Days(u32),
    Months(u32),
}

/// The longest `review-after` taken: a century, so that every due date is a date.
const MAX_YEARS: u32 = 100;

impl ReviewAfter {
    /// `text` as written in `book.toml`, or the problem at the key.
    pub(crate) fn parse(text: &str) -> Result<ReviewAfter, KeyError> {
        let problem = |why: String| {
            KeyError::value(&["checks", "review-after"], why).with_help(
                "write a whole number and a unit: `90d` (days), `26w` (weeks), `6m` (months) \
                 or `1y` (years)",
            )
        };
        let trimmed = text.trim();
        let unit_at = trimmed.len().saturating_sub(1);
        let (number, unit) = (trimmed.get(..unit_at), trimmed.get(unit_at..));
        let count = number
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<u32>().ok());
        let (Some(count), Some(unit)) = (count, unit) else {
            return Err(problem(format!(
                "`review-after` is `{text}`, not a duration"
            )));
        };
        let after = match unit {
            "d" => ReviewAfter::Days(count),
            "w" => ReviewAfter::Days(count.saturating_mul(7)),
            "m" => ReviewAfter::Months(count),
            "y" => ReviewAfter::Months(count.saturating_mul(12)),
            _ => {
                return Err(problem(format!(
                    "`review-after` is `{text}`: `{unit}` is no unit of it"
                )));
            }
        };
        let too_long = match after {
            ReviewAfter::Days(days) => days > MAX_YEARS * 366,
            ReviewAfter::Months(months) => months > MAX_YEARS * 12,
        };
        if count == 0 || too_long {
            return Err(problem(format!(
                "`review-after` is `{text}`: it must be at least a day and at most {MAX_YEARS} \
                 years"
            )));
        }
        Ok(after)
    }
}

/// `90 days`, `6 months`: how messages name it.
impl std::fmt::Display for ReviewAfter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (count, unit) = match *self {
            ReviewAfter::Days(days) => (days, "day"),
            ReviewAfter::Months(months) => (months, "month"),
        };
        let plural = if count == 1 { "" } else { "s" };
        write!(f, "{count} {unit}{plural}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_each_unit() {
        assert_eq!(
            ReviewAfter::parse("180d").ok(),
            Some(ReviewAfter::Days(180))
        );
        assert_eq!(ReviewAfter::parse("26w").ok(), Some(ReviewAfter::Days(182)));
        assert_eq!(ReviewAfter::parse("6m").ok(), Some(ReviewAfter::Months(6)));
        assert_eq!(
            ReviewAfter::parse(" 1y ").ok(),
            Some(ReviewAfter::Months(12))
        );
        assert_eq!(
            ReviewAfter::parse("100y").ok(),
            Some(ReviewAfter::Months(1200))
        );
        assert_eq!(ReviewAfter::Days(1).to_string(), "1 day");
        assert_eq!(ReviewAfter::Months(6).to_string(), "6 months");
    }

    #[test]
    fn anything_else_is_a_problem_at_the_key() {
        for bad in [
            "",
            "d",
            "180",
            "-5d",
            "1.5y",
            "180 d",
            "3h",
            "0d",
            "101y",
            "99999999999d",
            "é",
        ] {
            let problem = ReviewAfter::parse(bad).err();
            assert!(problem.is_some(), "{bad:?} taken");
        }
        let message = ReviewAfter::parse("3h").err().map(|e| e.to_string());
        assert!(
            message.is_some_and(|m| m.contains("`h` is no unit")),
            "names the unit"
        );
    }
}
