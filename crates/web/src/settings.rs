//! The keys of the site settings kept in the store.

pub const TITLE: &str = "site.title";
pub const DESCRIPTION: &str = "site.description";
pub const LANGUAGE: &str = "site.language";
pub const TIME_ZONE: &str = "site.time_zone";
/// The media library id of the logo.
pub const LOGO: &str = "site.logo";

/// The IANA zone named, from the system's time zone database; "UTC"
/// works even where that database is missing.
pub fn time_zone(name: &str) -> Result<jiff::tz::TimeZone, String> {
    let name = name.trim();
    if name.eq_ignore_ascii_case("UTC") {
        return Ok(jiff::tz::TimeZone::UTC);
    }
    jiff::tz::TimeZone::get(name).map_err(|_| {
        format!(
            "\"{name}\" is not a time zone this server knows; use an IANA name such as Europe/Paris"
        )
    })
}
