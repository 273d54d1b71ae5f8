//! The date forms agency formats use, read leniently: RFC 3339, RFC 2822,
//! ISO 8601 basic (`20210516T090004`), and times without a zone (taken as
//! UTC, as the formats that omit it mean).

use jiff::civil::{Date, DateTime};
use jiff::fmt::rfc2822;
use jiff::{Timestamp, tz::TimeZone};

pub fn parse(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(timestamp) = text.parse::<Timestamp>() {
        return Some(timestamp);
    }
    if let Ok(zoned) = rfc2822::parse(text) {
        return Some(zoned.timestamp());
    }
    for pattern in [
        "%Y%m%dT%H%M%S%z",
        "%Y%m%dT%H%M%S%:z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%d %H:%M:%S%z",
    ] {
        if let Ok(zoned) =
            jiff::fmt::strtime::parse(pattern, text).and_then(|parsed| parsed.to_timestamp())
        {
            return Some(zoned);
        }
    }
    for pattern in [
        "%Y%m%dT%H%M%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y.%m.%d %H:%M:%S",
    ] {
        if let Ok(civil) = DateTime::strptime(pattern, text) {
            return civil
                .to_zoned(TimeZone::UTC)
                .ok()
                .map(|zoned| zoned.timestamp());
        }
    }
    // Fractional seconds without a zone.
    if let Ok(civil) = text.parse::<DateTime>() {
        return civil
            .to_zoned(TimeZone::UTC)
            .ok()
            .map(|zoned| zoned.timestamp());
    }
    for pattern in ["%Y-%m-%d", "%Y%m%d"] {
        if let Ok(date) = Date::strptime(pattern, text) {
            return date
                .to_zoned(TimeZone::UTC)
                .ok()
                .map(|zoned| zoned.timestamp());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn the_forms_agencies_use() {
        let cases = [
            ("2018-10-21T16:25:32-05:00", "2018-10-21T21:25:32Z"),
            ("Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z"),
            ("20210516T090004", "2021-05-16T09:00:04Z"),
            ("20130605T060000-0400", "2013-06-05T10:00:00Z"),
            ("2021-05-16T09:00:04", "2021-05-16T09:00:04Z"),
            ("2013-07-09", "2013-07-09T00:00:00Z"),
        ];
        for (text, expected) in cases {
            assert_eq!(
                parse(text).map(|t| t.to_string()).as_deref(),
                Some(expected),
                "{text}"
            );
        }
        assert_eq!(parse("yesterday"), None);
    }
}
