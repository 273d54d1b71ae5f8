//! Following the event log: every view derived from the store (the page
//! cache, the search index, related lists) is a [`Projection`] that a
//! [`Follower`] feeds each event once, in sequence order, whichever
//! process or instance wrote it.
//!
//! The follower polls; [`Follower::apply_pending`] is the same step on
//! demand, so that a test (or a command that must see its own write) waits
//! for the event it needs rather than for a clock.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use dateline_core::event::{EventRecord, FollowCursor};
use dateline_store::{EVENT_PAGE, Store};
use jiff::Timestamp;

use crate::Result;

/// Why a projection could not apply events; they are offered again.
pub type ProjectionError = Box<dyn std::error::Error + Send + Sync>;

/// A view kept in step with the event log. It gets each event once in the
/// normal course, but must tolerate seeing one again (after a restart the
/// follower resumes from its last settled point).
pub trait Projection: Send + Sync {
    /// Applies `events` (in sequence order, none seen before). Once they
    /// are, every event at or below `settled` has been: the point a view
    /// that persists its place (the search index) resumes from.
    fn apply(
        &self,
        events: &[EventRecord],
        settled: i64,
    ) -> impl Future<Output = std::result::Result<(), ProjectionError>> + Send;
}

/// Feeds a projection the events it has not seen.
pub struct Follower<P> {
    store: Store,
    projection: P,
    /// One step at a time: a poll and an explicit call never interleave.
    cursor: tokio::sync::Mutex<FollowCursor>,
}

/// What one step did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    pub events: usize,
    /// Everything at or below this has been applied (or given up as rolled back).
    pub floor: i64,
}

impl<P: Projection> Follower<P> {
    /// A follower that has seen everything up to `seq`.
    pub fn new(store: Store, projection: P, seq: i64) -> Follower<P> {
        Follower::with_cursor(store, projection, FollowCursor::new(seq))
    }

    pub fn with_cursor(store: Store, projection: P, cursor: FollowCursor) -> Follower<P> {
        Follower {
            store,
            projection,
            cursor: tokio::sync::Mutex::new(cursor),
        }
    }

    pub fn projection(&self) -> &P {
        &self.projection
    }

    /// Applies every event committed by now and not yet applied, in
    /// pages, until none is left.
    pub async fn apply_pending(&self) -> Result<Applied> {
        let mut cursor = self.cursor.lock().await;
        let mut applied = 0;
        loop {
            let mut offered = self.store.events_after(cursor.high()).await?;
            let full_page = offered.len() == EVENT_PAGE;
            let missing = cursor.missing();
            if !missing.is_empty() {
                offered.extend(self.store.events_numbered(&missing).await?);
            }
            let fresh = cursor.fresh(&offered);
            let now = Timestamp::now();
            if !fresh.is_empty() {
                let mut after = cursor.clone();
                after.mark_applied(fresh.iter().map(|r| r.seq), now);
                self.projection
                    .apply(&fresh, after.floor())
                    .await
                    .map_err(crate::NewsroomError::Projection)?;
                *cursor = after;
                applied += fresh.len();
            } else {
                cursor.settle(now);
            }
            if !full_page {
                return Ok(Applied {
                    events: applied,
                    floor: cursor.floor(),
                });
            }
        }
    }

    /// Polls every `interval` until dropped. A failure is logged and the
    /// same events are offered again at the next poll.
    pub async fn run(self: Arc<Self>, interval: Duration) {
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            if let Err(err) = self.apply_pending().await {
                tracing::warn!(error = ?err, "following the event log failed; will retry");
            }
        }
    }

    /// The settled point: resume from here after a restart.
    pub async fn floor(&self) -> i64 {
        self.cursor.lock().await.floor()
    }
}
