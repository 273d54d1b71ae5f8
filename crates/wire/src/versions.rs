//! Duplicates and versions. An item delivered again (by file and by feed,
//! or resent under a new id) is recognised by its text; a changed text
//! under a known id is a new version when the format says so (a higher
//! version number) or, for formats without one, when it is newer.

use jiff::Timestamp;

use crate::WireItem;

/// A fingerprint of an item's words, stable across runs and releases (it
/// is stored): FNV-1a over the lowercased letters and digits of its
/// headline and body, so that markup and spacing do not make a new text.
pub fn fingerprint(item: &WireItem) -> u64 {
    let mut words = String::with_capacity(item.headline.len() + item.body_text.len() + 1);
    for c in item
        .headline
        .chars()
        .chain(['\n'])
        .chain(item.body_text.chars())
    {
        if c.is_alphanumeric() || c == '\n' {
            words.extend(c.to_lowercase());
        }
    }
    fnv1a(words.as_bytes())
}

/// FNV-1a, 64 bits: a hash that stays the same across runs and releases
/// (std's does not promise to), for what is stored or compared later.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What the desk holds of an item's current version.
#[derive(Debug, Clone, PartialEq)]
pub struct Current {
    /// The desk's own count of versions, from 1.
    pub version: u32,
    /// The format's version marker of the current text, if it has one.
    pub format_version: Option<u32>,
    pub fingerprint: u64,
    pub moment: Option<Timestamp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrival {
    /// Never seen: stored as version 1.
    New,
    /// The same text again: nothing changes.
    Duplicate,
    /// A changed text that supersedes the current one.
    NewVersion,
    /// A changed text older than the current one (a late delivery of an
    /// earlier version): kept out, so a story never shows a stale text.
    Stale,
}

/// Decides what an incoming item is, against the current version under
/// its id (if any).
pub fn arrival(current: Option<&Current>, incoming: &WireItem, fingerprint: u64) -> Arrival {
    let Some(current) = current else {
        return Arrival::New;
    };
    if current.fingerprint == fingerprint {
        return Arrival::Duplicate;
    }
    let newer = match (incoming.version, current.format_version) {
        (Some(incoming), Some(current)) if incoming != current => incoming > current,
        _ => match (incoming.moment(), current.moment) {
            (Some(incoming), Some(current)) => incoming >= current,
            // Without dates or versions, the latest delivery wins.
            _ => true,
        },
    };
    if newer {
        Arrival::NewVersion
    } else {
        Arrival::Stale
    }
}
