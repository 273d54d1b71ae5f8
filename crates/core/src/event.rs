//! The newsroom's event log, typed: what happened, to what, in what order.
//!
//! Every change readers can see, or that a desk follows, is one [`Event`]
//! appended in the same transaction as the change itself. Each instance
//! follows the log to keep its derived views (page cache, search index,
//! related lists) in step, wherever the change was made.
//!
//! Sequence numbers are handed out when an event is written, but on a
//! database with several writers a later number can commit before an
//! earlier one. [`FollowCursor`] is the follower's side of that: it
//! remembers which numbers it has applied above a floor, asks again for
//! the missing ones, and gives a hole up only when it has stayed empty
//! longer than any transaction lives (a rolled-back write leaves one for
//! ever). No writer waits for another to keep the order.

use std::collections::BTreeSet;
use std::fmt;

use crate::front::Front;
use jiff::{SignedDuration, Timestamp};

/// Something that happened in the newsroom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    /// An article went live (first publication, a republication, a
    /// scheduled time reached).
    Published { article: i64 },
    /// A live article's text changed: an update with its note, or a minor fix.
    Updated { article: i64 },
    /// A live article was corrected, with a notice readers see.
    Corrected { article: i64 },
    /// A live article was filed elsewhere (section, byline or tags): the
    /// pages it left change as well as the ones it joined.
    Moved { article: i64 },
    /// A live article was taken down.
    Unpublished { article: i64 },
    /// A comment became visible (or stopped being) under an article.
    CommentVisible { article: i64 },
    /// A section, tag or author was renamed or changed: any page may show it.
    CatalogChanged,
    /// The site's settings changed: any page may show them.
    SettingsChanged,
    /// An agency item arrived on the wire desk.
    WireItemArrived { item: i64 },
    /// An editor saved a front's layout: that front's page changes.
    FrontChanged { front: Front },
}

/// An event as the log holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventRecord {
    pub seq: i64,
    pub at: Timestamp,
    pub event: Event,
}

/// A stored kind the code does not know (written by a newer version).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown event kind \"{kind}\" (subject {subject:?})")]
pub struct UnknownEvent {
    pub kind: String,
    pub subject: Option<i64>,
}

impl Event {
    /// Every kind, as stored.
    pub const KINDS: [&'static str; 10] = [
        "published",
        "updated",
        "corrected",
        "moved",
        "unpublished",
        "comment",
        "catalog",
        "settings",
        "wire-item",
        "front",
    ];

    /// The kind as stored in the log.
    pub const fn kind(&self) -> &'static str {
        match self {
            Event::Published { .. } => "published",
            Event::Updated { .. } => "updated",
            Event::Corrected { .. } => "corrected",
            Event::Moved { .. } => "moved",
            Event::Unpublished { .. } => "unpublished",
            Event::CommentVisible { .. } => "comment",
            Event::CatalogChanged => "catalog",
            Event::SettingsChanged => "settings",
            Event::WireItemArrived { .. } => "wire-item",
            Event::FrontChanged { .. } => "front",
        }
    }

    /// What the event is about, as stored: an article's or item's id, or
    /// nothing for site-wide events.
    pub const fn subject(&self) -> Option<i64> {
        match *self {
            Event::Published { article }
            | Event::Updated { article }
            | Event::Corrected { article }
            | Event::Moved { article }
            | Event::Unpublished { article }
            | Event::CommentVisible { article } => Some(article),
            Event::WireItemArrived { item } => Some(item),
            // The home front has no subject; a section's front is its section.
            Event::FrontChanged {
                front: Front::Section(section),
            } => Some(section),
            Event::FrontChanged { front: Front::Home }
            | Event::CatalogChanged
            | Event::SettingsChanged => None,
        }
    }

    /// Reads an event back from its stored kind and subject.
    pub fn from_parts(kind: &str, subject: Option<i64>) -> Result<Event, UnknownEvent> {
        let unknown = || UnknownEvent {
            kind: kind.to_owned(),
            subject,
        };
        let article = || subject.ok_or_else(unknown);
        Ok(match kind {
            "published" => Event::Published {
                article: article()?,
            },
            "updated" => Event::Updated {
                article: article()?,
            },
            "corrected" => Event::Corrected {
                article: article()?,
            },
            "moved" => Event::Moved {
                article: article()?,
            },
            "unpublished" => Event::Unpublished {
                article: article()?,
            },
            "comment" => Event::CommentVisible {
                article: article()?,
            },
            "wire-item" => Event::WireItemArrived { item: article()? },
            "front" => Event::FrontChanged {
                front: subject.map_or(Front::Home, Front::Section),
            },
            "catalog" if subject.is_none() => Event::CatalogChanged,
            "settings" if subject.is_none() => Event::SettingsChanged,
            _ => return Err(unknown()),
        })
    }

    /// The article whose public pages the event changes, if it is about one.
    pub const fn article(&self) -> Option<i64> {
        match *self {
            Event::Published { article }
            | Event::Updated { article }
            | Event::Corrected { article }
            | Event::Moved { article }
            | Event::Unpublished { article }
            | Event::CommentVisible { article } => Some(article),
            _ => None,
        }
    }

    /// Whether what search and related lists hold of the article may change
    /// (a comment does not change the article's words).
    pub const fn changes_article_text(&self) -> bool {
        matches!(
            self,
            Event::Published { .. }
                | Event::Updated { .. }
                | Event::Corrected { .. }
                | Event::Moved { .. }
                | Event::Unpublished { .. }
        )
    }

    /// Whether any page of the site may show what changed.
    pub const fn is_site_wide(&self) -> bool {
        matches!(
            self,
            Event::CatalogChanged | Event::SettingsChanged | Event::Moved { .. }
        )
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.subject() {
            Some(subject) => write!(f, "{} {subject}", self.kind()),
            None => f.write_str(self.kind()),
        }
    }
}

/// How long a missing sequence number is asked for again before the
/// follower decides its transaction rolled back. Events are a
/// transaction's last write, so an honest one commits within moments of
/// taking its number; this leaves minutes for a stalled database.
pub const GAP_GRACE: SignedDuration = SignedDuration::from_mins(5);

/// Most missing numbers asked for in one poll; more are asked for later.
pub const MAX_GAPS_ASKED: usize = 500;

/// A follower's place in the log: every event at or below `floor` has been
/// applied or given up; above it, the ones in `applied` have been, and the
/// numbers between them are holes that may still fill.
#[derive(Debug, Clone)]
pub struct FollowCursor {
    floor: i64,
    applied: BTreeSet<i64>,
    /// Holes above the floor, as `(first, last, noticed_at)`, in order.
    gaps: Vec<(i64, i64, Timestamp)>,
    grace: SignedDuration,
    abandoned: u64,
}

impl FollowCursor {
    /// A follower that has applied everything up to and including `seq`.
    pub fn new(seq: i64) -> FollowCursor {
        FollowCursor::with_grace(seq, GAP_GRACE)
    }

    pub fn with_grace(seq: i64, grace: SignedDuration) -> FollowCursor {
        FollowCursor {
            floor: seq,
            applied: BTreeSet::new(),
            gaps: Vec::new(),
            grace,
            abandoned: 0,
        }
    }

    /// Everything at or below this is settled: the place to resume from
    /// after a restart (events above it may be applied twice, never missed).
    pub fn floor(&self) -> i64 {
        self.floor
    }

    /// The highest number applied; new events are asked for above it.
    pub fn high(&self) -> i64 {
        self.applied.last().copied().unwrap_or(self.floor)
    }

    /// Numbers that are still missing below [`Self::high`], at most
    /// [`MAX_GAPS_ASKED`], to ask the log for again.
    pub fn missing(&self) -> Vec<i64> {
        self.gaps
            .iter()
            .flat_map(|&(first, last, _)| first..=last)
            .take(MAX_GAPS_ASKED)
            .collect()
    }

    /// How many holes were given up as rolled back, since the start.
    pub fn abandoned(&self) -> u64 {
        self.abandoned
    }

    /// The records not yet applied, in sequence order, each once.
    pub fn fresh(&self, records: &[EventRecord]) -> Vec<EventRecord> {
        let mut fresh: Vec<EventRecord> = records
            .iter()
            .filter(|r| r.seq > self.floor && !self.applied.contains(&r.seq))
            .copied()
            .collect();
        fresh.sort_by_key(|r| r.seq);
        fresh.dedup_by_key(|r| r.seq);
        fresh
    }

    /// Records that `seqs` were applied, noticing at `now` the holes this
    /// opens below them, and moves the floor over what is settled.
    pub fn mark_applied(&mut self, seqs: impl IntoIterator<Item = i64>, now: Timestamp) {
        for seq in seqs {
            if seq <= self.floor || self.applied.contains(&seq) {
                continue;
            }
            let high = self.high();
            if seq > high + 1 {
                self.gaps.push((high + 1, seq - 1, now));
            } else if seq < high {
                self.fill(seq);
            }
            self.applied.insert(seq);
        }
        self.settle(now);
    }

    /// Gives up holes older than the grace period and raises the floor over
    /// everything settled. Call it on every poll, events or not.
    pub fn settle(&mut self, now: Timestamp) {
        let grace = self.grace;
        let before = self.gaps.len();
        let mut given_up = 0;
        self.gaps.retain(|&(first, last, noticed)| {
            let keep = now.duration_since(noticed) < grace;
            if !keep {
                given_up += (last - first + 1) as u64;
            }
            keep
        });
        if self.gaps.len() != before {
            self.abandoned += given_up;
        }
        let settled_below = self.gaps.first().map_or(i64::MAX, |&(first, _, _)| first);
        let high = self.high();
        // Everything below the first open hole (or through `high` when
        // there is none) is applied or given up: fold it into the floor.
        let new_floor = high.min(settled_below - 1);
        if new_floor > self.floor {
            self.floor = new_floor;
            self.applied = self.applied.split_off(&(new_floor + 1));
        }
    }

    /// Takes `seq` out of the hole that holds it.
    fn fill(&mut self, seq: i64) {
        let Some(index) = self
            .gaps
            .iter()
            .position(|&(first, last, _)| (first..=last).contains(&seq))
        else {
            return;
        };
        let (first, last, noticed) = self.gaps[index];
        let mut pieces = Vec::with_capacity(2);
        if first < seq {
            pieces.push((first, seq - 1, noticed));
        }
        if seq < last {
            pieces.push((seq + 1, last, noticed));
        }
        self.gaps.splice(index..=index, pieces);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(second: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + second).unwrap()
    }

    fn record(seq: i64) -> EventRecord {
        EventRecord {
            seq,
            at: at(0),
            event: Event::Published { article: seq },
        }
    }

    #[test]
    fn kinds_round_trip() {
        let events = [
            Event::Published { article: 1 },
            Event::Updated { article: 2 },
            Event::Corrected { article: 3 },
            Event::Moved { article: 4 },
            Event::Unpublished { article: 5 },
            Event::CommentVisible { article: 6 },
            Event::CatalogChanged,
            Event::SettingsChanged,
            Event::WireItemArrived { item: 7 },
            Event::FrontChanged { front: Front::Home },
            Event::FrontChanged {
                front: Front::Section(8),
            },
        ];
        for event in events {
            assert_eq!(Event::from_parts(event.kind(), event.subject()), Ok(event));
            assert!(Event::KINDS.contains(&event.kind()));
        }
        assert!(Event::from_parts("published", None).is_err());
        assert!(Event::from_parts("settings", Some(3)).is_err());
        assert!(Event::from_parts("exploded", Some(3)).is_err());
    }

    #[test]
    fn in_order_events_raise_the_floor() {
        let mut cursor = FollowCursor::new(0);
        let fresh = cursor.fresh(&[record(1), record(2), record(3)]);
        assert_eq!(fresh.len(), 3);
        cursor.mark_applied(fresh.iter().map(|r| r.seq), at(0));
        assert_eq!((cursor.floor(), cursor.high()), (3, 3));
        assert!(cursor.missing().is_empty());
    }

    #[test]
    fn a_late_commit_fills_its_hole_and_is_applied_once() {
        let mut cursor = FollowCursor::new(0);
        // 2 took its number first but committed after 3.
        cursor.mark_applied([1, 3], at(0));
        assert_eq!(cursor.floor(), 1);
        assert_eq!(cursor.missing(), [2]);
        // Asked again: 3 is not fresh any more, 2 is.
        let fresh = cursor.fresh(&[record(2), record(3)]);
        assert_eq!(fresh.iter().map(|r| r.seq).collect::<Vec<_>>(), [2]);
        cursor.mark_applied([2], at(1));
        assert_eq!((cursor.floor(), cursor.missing().len()), (3, 0));
    }

    #[test]
    fn a_rolled_back_number_is_given_up_after_the_grace() {
        let mut cursor = FollowCursor::with_grace(10, SignedDuration::from_secs(60));
        cursor.mark_applied([11, 14], at(0));
        assert_eq!(cursor.missing(), [12, 13]);
        cursor.settle(at(59));
        assert_eq!(cursor.floor(), 11);
        cursor.settle(at(60));
        assert_eq!((cursor.floor(), cursor.abandoned()), (14, 2));
    }

    #[test]
    fn holes_are_split_as_they_fill() {
        let mut cursor = FollowCursor::new(0);
        cursor.mark_applied([10], at(0));
        cursor.mark_applied([5], at(1));
        assert_eq!(cursor.missing(), [1, 2, 3, 4, 6, 7, 8, 9]);
        cursor.mark_applied([1, 2, 3, 4], at(2));
        assert_eq!(cursor.floor(), 5);
        // Applying an old or repeated number changes nothing.
        cursor.mark_applied([5, 3, 10], at(3));
        assert_eq!(cursor.missing(), [6, 7, 8, 9]);
    }

    /// Any arrival order of the numbers 1..=n, in any batches, applies each
    /// exactly once and ends with the floor at n.
    #[test]
    fn every_order_applies_each_number_once() {
        // A fixed pseudo-random walk over many orders (no I/O, no clock).
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..200 {
            let n = 1 + (next() % 60) as i64;
            let mut order: Vec<i64> = (1..=n).collect();
            for i in (1..order.len()).rev() {
                order.swap(i, (next() % (i as u64 + 1)) as usize);
            }
            let mut cursor = FollowCursor::new(0);
            let mut applied = Vec::new();
            let mut rest = order.as_slice();
            while !rest.is_empty() {
                let take = 1 + (next() % 5) as usize;
                let (batch, tail) = rest.split_at(take.min(rest.len()));
                rest = tail;
                // The log answers with what it has, including repeats.
                let mut offered: Vec<EventRecord> = batch.iter().map(|&s| record(s)).collect();
                offered.extend(applied.iter().take(3).map(|&s| record(s)));
                let fresh = cursor.fresh(&offered);
                applied.extend(fresh.iter().map(|r| r.seq));
                cursor.mark_applied(fresh.iter().map(|r| r.seq), at(0));
            }
            applied.sort_unstable();
            assert_eq!(applied, (1..=n).collect::<Vec<_>>());
            assert_eq!(cursor.floor(), n);
            assert!(cursor.missing().is_empty());
        }
    }
}
