//! The wire desk's edge, where bytes come from outside: agency feeds
//! fetched over HTTP, and a drop folder (an agency's FTP drop) watched.
//! Everything read goes to the newsroom's receive verbs; nothing here
//! decides what an item is.

pub mod drop_folder;
pub mod poll;

pub use poll::{FetchError, Fetched, Fetcher, PollReport};
