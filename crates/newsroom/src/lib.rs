#![doc = include_str!("../README.md")]

pub mod accounts;
pub mod articles;
pub mod catalog;
pub mod comments;
pub mod drafting;
mod error;
pub mod follow;
pub mod fronts;
pub mod media;
pub mod password;
pub mod wire;

use std::sync::{Arc, RwLock};

use dateline_core::workflow::Role;
use dateline_store::Store;
use jiff::Timestamp;
use jiff::tz::TimeZone;

pub use comments::{CommentNotice, Notifier};
pub use error::NewsroomError;

pub type Result<T, E = NewsroomError> = std::result::Result<T, E>;

/// The person acting: who they are and what their role lets them do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: i64,
    pub name: String,
    pub role: Role,
}

impl Actor {
    /// Whether this person may act on others' articles (and publish over the checks).
    pub fn is_editor(&self) -> bool {
        self.role.edits_others()
    }
}

/// The newsroom: every verb that changes articles, comments, media,
/// accounts and the catalog, over one store. Cheap to clone.
#[derive(Clone)]
pub struct Newsroom {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    notifier: Arc<dyn Notifier>,
    /// The zone the site's dates are in: what "today" means to the checks.
    time_zone: RwLock<TimeZone>,
    clock: fn() -> Timestamp,
    /// The wire desk's grouping state: one batch of arrivals at a time.
    desk: tokio::sync::Mutex<wire::DeskState>,
}

impl Newsroom {
    pub fn new(store: Store) -> Newsroom {
        Newsroom::with(store, Arc::new(comments::NoNotifier), Timestamp::now)
    }

    /// A newsroom that tells `notifier` of new comments and reads the time
    /// from `clock` (tests pin it).
    pub fn with(store: Store, notifier: Arc<dyn Notifier>, clock: fn() -> Timestamp) -> Newsroom {
        Newsroom {
            inner: Arc::new(Inner {
                store,
                notifier,
                time_zone: RwLock::new(TimeZone::UTC),
                clock,
                desk: tokio::sync::Mutex::new(wire::DeskState::default()),
            }),
        }
    }

    /// The store, for reads that are not verbs (lists, pages).
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The site's zone changed (the settings were saved).
    pub fn set_time_zone(&self, zone: TimeZone) {
        *self
            .inner
            .time_zone
            .write()
            .unwrap_or_else(|e| e.into_inner()) = zone;
    }

    pub(crate) fn time_zone(&self) -> TimeZone {
        self.inner
            .time_zone
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub(crate) fn now(&self) -> Timestamp {
        (self.inner.clock)()
    }

    pub(crate) fn notifier(&self) -> &dyn Notifier {
        self.inner.notifier.as_ref()
    }
}
