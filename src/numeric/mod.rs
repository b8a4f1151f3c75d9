//! The bottom layer: arithmetic every other layer may use and that knows nothing of data,
//! models or output — double-double numbers, distributions, dense linear algebra, root
//! finders, a halving line search, the seeded random number generator, an in-order parallel
//! map, the centred cross-products of a block of columns and the R factor of a tall matrix
//! from blocks of its rows (TSQR), a result of one item per row filled in place by chunks on
//! the cores (`parallel::fill`), and a column of numbers held as doubles, as bytes or as
//! one-byte codes into a table of its values (`values`).

pub mod dd;
pub mod descent;
pub mod dist;
pub mod expr;
pub mod linalg;
pub mod moments;
pub mod order;
pub mod parallel;
pub mod rng;
pub mod roots;
pub mod tsqr;
pub mod values;

pub use rng::Rng;
