//! A column of numbers as it is held: doubles, or small whole numbers one byte each. A
//! survey's answers (1 to 5, 0 to 10, codes such as -9 or 99) are whole numbers between -127
//! and 127, so a column of them takes one byte a cell instead of eight: 36 items of 1,000,000
//! respondents are 36 MB, not 288 MB. A column of few distinct values (a construct's score,
//! the mean of a few answers) is held as a one-byte code a cell into a table of them: 1 MB
//! a million rows instead of 8. All read as doubles, a missing cell as NaN.

use std::borrow::Cow;

/// The byte that stands for a missing cell in a column of small whole numbers.
pub const SMALL_MISSING: i8 = i8::MIN;

/// A numeric column, borrowed: doubles (NaN missing), small whole numbers
/// ([`SMALL_MISSING`] missing), or one-byte codes into a table of its values.
#[derive(Clone, Copy, Debug)]
pub enum Values<'a> {
    Real(&'a [f64]),
    Small(&'a [i8]),
    /// Each cell the value `table[code]`: the doubles exactly as they were (NaN included).
    Coded(&'a [u8], &'a [f64]),
}

/// A small whole number as a double (NaN when missing).
#[inline]
pub fn small_value(x: i8) -> f64 {
    if x == SMALL_MISSING {
        f64::NAN
    } else {
        f64::from(x)
    }
}

impl<'a> Values<'a> {
    pub fn len(&self) -> usize {
        match self {
            Values::Real(v) => v.len(),
            Values::Small(v) => v.len(),
            Values::Coded(codes, _) => codes.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Cell `i` as a double (NaN when missing).
    #[inline]
    pub fn at(&self, i: usize) -> f64 {
        match self {
            Values::Real(v) => v[i],
            Values::Small(v) => small_value(v[i]),
            Values::Coded(codes, table) => table[codes[i] as usize],
        }
    }

    /// The cells in order, as doubles.
    pub fn iter(&self) -> impl Iterator<Item = f64> + 'a {
        let (real, small, coded) = match *self {
            Values::Real(v) => (Some(v.iter().copied()), None, None),
            Values::Small(v) => (None, Some(v.iter().map(|&x| small_value(x))), None),
            Values::Coded(codes, table) => {
                (None, None, Some(codes.iter().map(|&c| table[c as usize])))
            }
        };
        (real.into_iter().flatten())
            .chain(small.into_iter().flatten())
            .chain(coded.into_iter().flatten())
    }

    /// The cells as doubles, copied.
    pub fn to_vec(&self) -> Vec<f64> {
        self.iter().collect()
    }

    /// The cells as doubles: borrowed when they are held as doubles.
    pub fn reals(&self) -> Cow<'a, [f64]> {
        match *self {
            Values::Real(v) => Cow::Borrowed(v),
            Values::Small(_) | Values::Coded(..) => Cow::Owned(self.iter().collect()),
        }
    }

    /// The cells of `rows`, in their order, as doubles.
    pub fn gather(&self, rows: &[usize]) -> Vec<f64> {
        match self {
            Values::Real(v) => rows.iter().map(|&i| v[i]).collect(),
            Values::Small(v) => rows.iter().map(|&i| small_value(v[i])).collect(),
            Values::Coded(codes, table) => rows.iter().map(|&i| table[codes[i] as usize]).collect(),
        }
    }

    /// Cells `lo..lo + out.len()` written into `out` as doubles.
    #[inline]
    pub fn fill(&self, lo: usize, out: &mut [f64]) {
        match self {
            Values::Real(v) => out.copy_from_slice(&v[lo..lo + out.len()]),
            Values::Small(v) => {
                let m = out.len();
                for (o, &x) in out.iter_mut().zip(&v[lo..lo + m]) {
                    *o = small_value(x);
                }
            }
            Values::Coded(codes, table) => {
                let m = out.len();
                for (o, &c) in out.iter_mut().zip(&codes[lo..lo + m]) {
                    *o = table[c as usize];
                }
            }
        }
    }
}

/// A column that can be read as [`Values`]: a slice or vector of doubles, or `Values`.
pub trait AsValues {
    fn values(&self) -> Values<'_>;
}

impl<T: AsRef<[f64]> + ?Sized> AsValues for T {
    fn values(&self) -> Values<'_> {
        Values::Real(self.as_ref())
    }
}

impl AsValues for Values<'_> {
    fn values(&self) -> Values<'_> {
        *self
    }
}

/// `values` as small whole numbers when every one is missing (NaN) or a whole number from
/// -127 to 127 (not -0, whose sign a byte would lose); None otherwise.
pub fn compact(values: &[f64]) -> Option<Vec<i8>> {
    let fits = |v: f64| {
        v.is_nan()
            || (v.abs() <= 127.0 && v == f64::from(v as i8) && v.to_bits() != (-0.0f64).to_bits())
    };
    if !values.iter().all(|&v| fits(v)) {
        return None;
    }
    Some(
        values
            .iter()
            .map(|&v| if v.is_nan() { SMALL_MISSING } else { v as i8 })
            .collect(),
    )
}

/// `values` as one-byte codes into a table of their distinct values (compared by their bits,
/// so each reads back exactly, -0 and NaN included), in the order first met; None when there
/// are more than 256 of them.
pub fn dictionary(values: &[f64]) -> Option<(Vec<u8>, Vec<f64>)> {
    // Open addressing over 1,024 slots (at most a quarter full), hashed by multiplying.
    const SLOTS: usize = 1024;
    let mut slot_code = [u16::MAX; SLOTS];
    let mut table: Vec<f64> = Vec::new();
    let mut codes = Vec::with_capacity(values.len());
    for &v in values {
        let bits = v.to_bits();
        let mut at = (bits.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54) as usize;
        let code = loop {
            match slot_code[at] {
                u16::MAX => {
                    if table.len() == 256 {
                        return None;
                    }
                    table.push(v);
                    slot_code[at] = (table.len() - 1) as u16;
                    break table.len() - 1;
                }
                c if table[c as usize].to_bits() == bits => break c as usize,
                _ => at = (at + 1) % SLOTS,
            }
        };
        codes.push(code as u8);
    }
    Some((codes, table))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_whole_numbers_are_held_in_a_byte_and_read_back_as_doubles() {
        let v = [1.0, 5.0, f64::NAN, -99.0, 127.0, -127.0, 0.0];
        let small = compact(&v).expect("all fit");
        assert_eq!(small[2], SMALL_MISSING);
        let view = Values::Small(&small);
        let back: Vec<f64> = view.iter().collect();
        for (a, b) in v.iter().zip(&back) {
            assert!(a == b || (a.is_nan() && b.is_nan()));
        }
        assert_eq!(view.at(3), -99.0);
        assert!(view.at(2).is_nan());
        let mut out = [0.0; 3];
        view.fill(3, &mut out);
        assert_eq!(out, [-99.0, 127.0, -127.0]);
        assert_eq!(view.reals().len(), 7);
    }

    #[test]
    fn few_distinct_values_are_held_as_codes_and_read_back_bit_for_bit() {
        let v = [
            2.5,
            1.0 / 3.0,
            f64::NAN,
            -0.0,
            0.0,
            2.5,
            1.0 / 3.0,
            f64::NAN,
        ];
        let (codes, table) = dictionary(&v).expect("few values");
        assert_eq!(codes, [0, 1, 2, 3, 4, 0, 1, 2]);
        let view = Values::Coded(&codes, &table);
        let back: Vec<f64> = view.iter().collect();
        for (a, b) in v.iter().zip(&back) {
            assert_eq!(a.to_bits(), b.to_bits());
        }
        assert_eq!(view.at(6).to_bits(), (1.0f64 / 3.0).to_bits());
        assert_eq!(
            view.gather(&[4, 3])
                .iter()
                .map(|x| x.to_bits())
                .collect::<Vec<_>>(),
            [0.0f64.to_bits(), (-0.0f64).to_bits()]
        );
        let mut out = [0.0; 2];
        view.fill(5, &mut out);
        assert_eq!(out, [2.5, 1.0 / 3.0]);
        let many: Vec<f64> = (0..256).map(|i| i as f64 / 7.0).collect();
        assert!(dictionary(&many).is_some(), "256 values fit a byte");
        let more: Vec<f64> = (0..257).map(|i| i as f64 / 7.0).collect();
        assert!(dictionary(&more).is_none(), "257 do not");
    }

    #[test]
    fn a_fraction_a_large_number_an_infinity_or_minus_zero_keeps_the_doubles() {
        for bad in [2.5, 128.0, -128.0, 999.0, f64::INFINITY, -0.0] {
            assert!(compact(&[1.0, bad]).is_none(), "{bad}");
        }
    }
}
