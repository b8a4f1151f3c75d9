//! The bottom layer: arithmetic every other layer may use and that knows nothing of data,
//! models or output — double-double numbers, distributions, dense linear algebra, root
//! finders, the seeded random number generator, an in-order parallel map and the centred
//! cross-products of a block of columns.

pub mod dd;
pub mod dist;
pub mod expr;
pub mod linalg;
pub mod moments;
pub mod order;
pub mod parallel;
pub mod rng;
pub mod roots;

pub use rng::Rng;
