//! One module per agency format, each turning a document into raw items
//! that `normalize` finishes the same way.

pub mod feed;
pub mod newsml1;
pub mod newsml_g2;
pub mod ninjs;
pub mod nitf;
