//! The keys of the site settings kept in the store.

use dateline_core::comment::{CommentPolicy, Moderation};

pub const TITLE: &str = "site.title";
pub const DESCRIPTION: &str = "site.description";
pub const LANGUAGE: &str = "site.language";
pub const TIME_ZONE: &str = "site.time_zone";
/// The media library id of the logo.
pub const LOGO: &str = "site.logo";
/// What feeds carry: "full" (the default) or "summary".
pub const FEED_CONTENT: &str = "feeds.content";

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

/// Comment moderation: "all", "first-time" or "none".
pub const COMMENT_MODERATION: &str = "comments.moderation";
/// Days after publication when comments close; 0 or absent: never.
pub const COMMENT_CLOSE_AFTER_DAYS: &str = "comments.close_after_days";
pub const COMMENT_MAX_LINKS: &str = "comments.max_links";
/// Words, phrases or domains refused in comments, one per line.
pub const COMMENT_BLOCKLIST: &str = "comments.blocklist";
pub const COMMENT_PER_ADDRESS_PER_HOUR: &str = "comments.per_address_per_hour";
pub const COMMENT_PER_ARTICLE_PER_HOUR: &str = "comments.per_article_per_hour";
/// Where new comments are announced (a JSON POST), for the article's authors.
pub const COMMENT_WEBHOOK: &str = "comments.webhook_url";
/// The key that signs comment forms, made once and shared by every instance.
pub const COMMENT_FORM_SECRET: &str = "secret.comment_forms";

/// The comment rules in saved settings over the defaults; a value that
/// does not parse keeps the default (the settings form refuses such values).
pub fn comment_policy(saved: &std::collections::BTreeMap<String, String>) -> CommentPolicy {
    let mut policy = CommentPolicy::default();
    let number = |key: &str| saved.get(key).and_then(|v| v.trim().parse::<u32>().ok());
    if let Some(m) = saved
        .get(COMMENT_MODERATION)
        .and_then(|v| Moderation::parse(v))
    {
        policy.moderation = m;
    }
    if let Some(days) = number(COMMENT_CLOSE_AFTER_DAYS) {
        policy.close_after_days = days;
    }
    if let Some(links) = number(COMMENT_MAX_LINKS) {
        policy.max_links = links as usize;
    }
    if let Some(list) = saved.get(COMMENT_BLOCKLIST) {
        policy.blocklist = dateline_core::comment::parse_blocklist(list);
    }
    if let Some(n) = number(COMMENT_PER_ADDRESS_PER_HOUR) {
        policy.per_address_per_hour = n;
    }
    if let Some(n) = number(COMMENT_PER_ARTICLE_PER_HOUR) {
        policy.per_article_per_hour = n;
    }
    policy
}
