//! Fronts: the home page and section pages as an editor arranges them. A
//! front is a row of slots — the lead, then the top stories in order — each
//! either pinned to a story or left to fill itself with the newest one not
//! shown elsewhere on the front. What an editor saves is the [`Layout`];
//! what readers see is [`fill`]ed from it and the latest stories.

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Top-story slots under the lead.
pub const TOP_SLOTS: usize = 4;

/// Longest a breaking-news banner may stay up without an editor renewing it.
pub const MAX_BREAKING_HOURS: i64 = 48;

/// Which front: the home page, or a section's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Front {
    Home,
    Section(i64),
}

impl Front {
    /// The front as stored: "home" or "section:ID".
    pub fn key(&self) -> String {
        match self {
            Front::Home => "home".to_owned(),
            Front::Section(id) => format!("section:{id}"),
        }
    }

    /// Reads a stored key back.
    pub fn from_key(key: &str) -> Option<Front> {
        if key == "home" {
            return Some(Front::Home);
        }
        key.strip_prefix("section:")?
            .parse()
            .ok()
            .filter(|id| *id > 0)
            .map(Front::Section)
    }
}

impl fmt::Display for Front {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

/// What an editor saved: which stories are pinned to which slots. `None`
/// is a slot left to fill itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layout {
    pub lead: Option<i64>,
    /// The top-story slots in order; at most [`TOP_SLOTS`].
    #[serde(default)]
    pub top: Vec<Option<i64>>,
    /// A story announced across the site until a set time (the home
    /// front's only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breaking: Option<Breaking>,
}

/// A breaking-news banner: which story, and until when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breaking {
    pub article: i64,
    pub until: Timestamp,
}

/// Why a layout cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    #[error("story #{0} is pinned to two slots; a story can fill only one")]
    PinnedTwice(i64),
    #[error("a front has {TOP_SLOTS} top-story slots; {0} were given")]
    TooManySlots(usize),
    #[error("a breaking-news banner runs for up to {MAX_BREAKING_HOURS} hours from now")]
    BreakingTime,
    #[error("only the home page carries a breaking-news banner")]
    BreakingOffHome,
}

impl Layout {
    /// The stories pinned, in slot order (lead first).
    pub fn pinned(&self) -> Vec<i64> {
        self.lead
            .into_iter()
            .chain(self.top.iter().flatten().copied())
            .collect()
    }

    /// A layout an editor may save: no more slots than the front has, and
    /// no story in two of them.
    pub fn validate(&self, front: Front, now: Timestamp) -> Result<(), LayoutError> {
        if let Some(breaking) = self.breaking {
            if front != Front::Home {
                return Err(LayoutError::BreakingOffHome);
            }
            let longest = now + jiff::SignedDuration::from_hours(MAX_BREAKING_HOURS);
            if breaking.until <= now || breaking.until > longest {
                return Err(LayoutError::BreakingTime);
            }
        }
        if self.top.len() > TOP_SLOTS {
            return Err(LayoutError::TooManySlots(self.top.len()));
        }
        let pinned = self.pinned();
        for (i, id) in pinned.iter().enumerate() {
            if pinned[..i].contains(id) {
                return Err(LayoutError::PinnedTwice(*id));
            }
        }
        Ok(())
    }

    /// The layout with only the pins that still show: a pinned story that
    /// was taken down leaves its slot to fill itself.
    pub fn keeping(&self, live: impl Fn(i64) -> bool) -> Layout {
        Layout {
            lead: self.lead.filter(|id| live(*id)),
            top: self
                .top
                .iter()
                .map(|slot| slot.filter(|id| live(*id)))
                .collect(),
            breaking: self.breaking.filter(|b| live(b.article)),
        }
    }

    /// The banner to show at `now`, if any.
    pub fn breaking_at(&self, now: Timestamp) -> Option<Breaking> {
        self.breaking.filter(|b| b.until > now)
    }
}

/// A front as readers see it, by story id: the lead, the top stories in
/// slot order, and the rest of the latest stories.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filled {
    pub lead: Option<i64>,
    pub top: Vec<i64>,
    pub rest: Vec<i64>,
}

/// Fills `layout`'s slots: pinned stories stay where the editor put them
/// (only those in `live`), and each empty slot takes the newest story of
/// `latest` (newest first) that the front does not already show. What is
/// left of `latest` follows.
pub fn fill(layout: &Layout, live: &[i64], latest: &[i64]) -> Filled {
    let layout = layout.keeping(|id| live.contains(&id));
    let pinned = layout.pinned();
    let mut newest = latest.iter().copied().filter(|id| !pinned.contains(id));
    let mut slots = std::iter::once(layout.lead)
        .chain((0..TOP_SLOTS).map(|i| layout.top.get(i).copied().flatten()))
        .map(|slot| slot.or_else(|| newest.next()));
    let lead = slots.next().flatten();
    let top: Vec<i64> = slots.flatten().collect();
    let rest = newest.collect();
    Filled { lead, top, rest }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_layout_is_the_newest_first() {
        let filled = fill(&Layout::default(), &[], &[9, 8, 7, 6, 5, 4, 3]);
        assert_eq!(filled.lead, Some(9));
        assert_eq!(filled.top, vec![8, 7, 6, 5]);
        assert_eq!(filled.rest, vec![4, 3]);
    }

    #[test]
    fn pinned_stories_keep_their_slots_and_the_rest_fill_by_recency() {
        let layout = Layout {
            lead: Some(3),
            top: vec![None, Some(7), Some(1)],
            ..Layout::default()
        };
        let filled = fill(&layout, &[3, 7, 1], &[9, 8, 7, 6, 5, 4, 3]);
        assert_eq!(filled.lead, Some(3));
        // Slot 1 fills itself with the newest story shown nowhere else.
        assert_eq!(filled.top, vec![9, 7, 1, 8]);
        assert_eq!(filled.rest, vec![6, 5, 4]);
    }

    #[test]
    fn a_story_taken_down_leaves_its_slot_to_fill_itself() {
        let layout = Layout {
            lead: Some(3),
            top: vec![Some(2)],
            ..Layout::default()
        };
        let filled = fill(&layout, &[2], &[9, 8, 2]);
        assert_eq!(filled.lead, Some(9));
        assert_eq!(filled.top, vec![2, 8]);
        assert!(filled.rest.is_empty());
    }

    #[test]
    fn a_story_in_two_slots_or_too_many_slots_is_refused() {
        let now: Timestamp = "2026-12-07T12:00:00Z".parse().unwrap();
        let twice = Layout {
            lead: Some(4),
            top: vec![None, Some(4)],
            ..Layout::default()
        };
        assert_eq!(
            twice.validate(Front::Home, now),
            Err(LayoutError::PinnedTwice(4))
        );
        let many = Layout {
            top: vec![None; TOP_SLOTS + 1],
            ..Layout::default()
        };
        assert_eq!(
            many.validate(Front::Home, now),
            Err(LayoutError::TooManySlots(TOP_SLOTS + 1))
        );
        let banner = |hours: i64| Layout {
            breaking: Some(Breaking {
                article: 1,
                until: now + jiff::SignedDuration::from_hours(hours),
            }),
            ..Layout::default()
        };
        assert_eq!(banner(2).validate(Front::Home, now), Ok(()));
        assert_eq!(
            banner(0).validate(Front::Home, now),
            Err(LayoutError::BreakingTime)
        );
        assert_eq!(
            banner(49).validate(Front::Home, now),
            Err(LayoutError::BreakingTime)
        );
        assert_eq!(
            banner(2).validate(Front::Section(3), now),
            Err(LayoutError::BreakingOffHome)
        );
        assert_eq!(
            banner(2).breaking_at(now + jiff::SignedDuration::from_hours(3)),
            None
        );
    }

    #[test]
    fn keys_read_back() {
        for front in [Front::Home, Front::Section(12)] {
            assert_eq!(Front::from_key(&front.key()), Some(front));
        }
        assert_eq!(Front::from_key("section:-1"), None);
        assert_eq!(Front::from_key("sport"), None);
    }
}
