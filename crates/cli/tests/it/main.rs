//! End-to-end tests of the `dateline` binary: the real server on a loopback
//! port, a real SQLite file or PostgreSQL schema, real HTTP. Every test runs
//! once per backend.

mod admin;
mod api;
mod catalog;
mod catalog_manage;
mod check;
mod comments;
mod discovery;
mod feed_markup;
mod fronts;
mod helpers;
mod import;
mod media_in_editor;
mod model;
mod notes;
mod offices;
mod reference;
mod revisions;
mod search;
mod seed;
mod site;
mod users;
mod wire;
mod wire_desk;
