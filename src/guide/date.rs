//! Calendar dates of the front matter (`date`, `updated` and a site's own date fields).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// A calendar date written `YYYY-MM-DD`; ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A date written `YYYY-MM-DD`, alone or at the start of a date-time
    /// (`2024-01-05T10:00:00Z`, `2024-01-05 10:00`), as other tools write them.
    pub fn parse_start(text: &str) -> Option<Date> {
        let date = text.get(..10)?;
        match text.as_bytes().get(10) {
            None | Some(b'T' | b't' | b' ') => Date::parse(date),
            Some(_) => None,
        }
    }

    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year: u16 = text[0..4].parse().ok()?;
        let month: u8 = text[5..7].parse().ok()?;
        let day: u8 = text[8..10].parse().ok()?;
        let days = Date::days_in_month(u32::from(year), u32::from(month));
        (1..=days)
            .contains(&u32::from(day))
            .then_some(Date { year, month, day })
    }

    /// How many days `month` (1 to 12) of `year` has; 0 for a month that does not exist.
    pub(crate) fn days_in_month(year: u32, month: u32) -> u32 {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => 0,
        }
    }
}

impl Date {
    /// The date (UTC) `days` days after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        // Howard Hinnant's civil-from-days algorithm.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }

    /// Days from 1970-01-01 to this date: the inverse of [`Date::from_days_since_epoch`].
    pub(crate) fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days-from-civil algorithm.
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let yoe = year.rem_euclid(400);
        let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days later.
    pub(crate) fn plus_days(self, days: u32) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + i64::from(days))
    }

    /// The same day `months` calendar months later, or the month's last day when it is
    /// shorter (2026-01-31 plus one month is 2026-02-28). Years past 9999 stay at 9999-12-31.
    pub(crate) fn plus_months(self, months: u32) -> Date {
        let index = u32::from(self.year) * 12 + u32::from(self.month) - 1 + months;
        let (year, month) = (index / 12, index % 12 + 1);
        if year > 9999 {
            return Date {
                year: 9999,
                month: 12,
                day: 31,
            };
        }
        let last = Date::days_in_month(year, month);
        Date {
            year: year as u16,
            month: month as u8,
            day: u32::from(self.day).min(last) as u8,
        }
    }

    /// Today (UTC).
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days_since_epoch((secs / 86_400) as i64)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A visitor rather than `String::deserialize` + check: an error raised while the
        // deserializer is at the scalar carries the scalar's position.
        struct DateVisitor;
        impl serde::de::Visitor<'_> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD, e.g. 2026-06-02")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Date, E> {
                Date::parse_start(text)
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(text), &self))
            }
        }
        d.deserialize_str(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_from_days() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_days_since_epoch(19_782).to_string(),
            "2024-02-29"
        );
        assert_eq!(
            Date::from_days_since_epoch(20_415).to_string(),
            "2025-11-23"
        );
    }

    #[test]
    fn days_and_months_are_added_on_the_calendar() {
        let date = |text: &str| Date::parse(text).unwrap();
        for text in [
            "1970-01-01",
            "2024-02-29",
            "2025-11-23",
            "2000-03-01",
            "1900-02-28",
        ] {
            let d = date(text);
            assert_eq!(
                Date::from_days_since_epoch(d.days_since_epoch()),
                d,
                "{text}"
            );
        }
        assert_eq!(date("2024-02-29").days_since_epoch(), 19_782);
        assert_eq!(date("2026-06-10").plus_days(180).to_string(), "2026-12-07");
        assert_eq!(date("2026-12-31").plus_days(1).to_string(), "2027-01-01");
        assert_eq!(date("2026-01-31").plus_months(1).to_string(), "2026-02-28");
        assert_eq!(date("2024-01-31").plus_months(1).to_string(), "2024-02-29");
        assert_eq!(date("2026-08-15").plus_months(6).to_string(), "2027-02-15");
        assert_eq!(date("2026-12-01").plus_months(12).to_string(), "2027-12-01");
        assert_eq!(
            date("9999-06-01").plus_months(1200).to_string(),
            "9999-12-31"
        );
    }

    #[test]
    fn dates_are_validated() {
        assert!(Date::parse("2026-02-29").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert_eq!(Date::parse("2026-06-02").unwrap().to_string(), "2026-06-02");
        assert_eq!(
            Date::parse_start("2024-01-05T10:00:00Z")
                .unwrap()
                .to_string(),
            "2024-01-05"
        );
        assert!(Date::parse_start("2024-01-05 10:00").is_some());
        assert!(Date::parse_start("2024-01-051").is_none());
        assert!(Date::parse_start("2024-13-05T00:00").is_none());
    }
}
