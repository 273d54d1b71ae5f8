#![doc = include_str!("../README.md")]

pub mod drop_folder;
pub mod poll;

pub use poll::{FetchError, Fetched, Fetcher, PollReport};
