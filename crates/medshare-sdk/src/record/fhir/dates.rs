//! FHIR `date` and `dateTime` text to and from the record's whole days.

use crate::record::encode_date;
use time::{Date, Month};

/// The day a FHIR `date` or `dateTime` names, checked against the record's date range. The
/// time of day of a `dateTime` is dropped; a partial date (`2009`, `2009-06`) is refused rather
/// than completed with an invented day.
pub(super) fn parse_day(text: &str) -> Result<Date, String> {
    let day_part = text.split_once('T').map_or(text, |(day, _)| day);
    let parts: Vec<&str> = day_part.split('-').collect();
    let [year, month, day] = parts[..] else {
        return Err(format!(
            "{text:?} is not a whole day (YYYY-MM-DD); the record stores dates to the day"
        ));
    };
    let number = |part: &str, digits: usize| {
        if part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse::<u16>().ok()
        } else {
            None
        }
    };
    let (Some(year), Some(month), Some(day)) = (number(year, 4), number(month, 2), number(day, 2))
    else {
        return Err(format!("{text:?} is not a FHIR date (YYYY-MM-DD)"));
    };
    let date = Month::try_from(month as u8)
        .ok()
        .and_then(|month| Date::from_calendar_date(year as i32, month, day as u8).ok())
        .ok_or_else(|| format!("{text:?} is not a calendar date"))?;
    encode_date(Some(date)).map_err(|err| err.to_string())?;
    Ok(date)
}

/// The FHIR `date` text of a day.
pub(super) fn format_day(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}
