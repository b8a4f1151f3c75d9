//! A column of text held as codes into its distinct values: each distinct value once, in the
//! order it first appears, and a 4-byte code a cell. A million respondents in 2,000 centers
//! hold 2,000 names, not a million strings (about 50 MB and a million allocations less).

use std::collections::HashMap;

/// The code of a missing cell.
const NONE: u32 = u32::MAX;

/// Text cells (None = missing), each distinct value stored once.
#[derive(Clone, Debug, Default)]
pub struct Texts {
    values: Vec<String>,
    codes: Vec<u32>,
}

impl PartialEq for Texts {
    /// Equal when every cell reads the same (whatever order the values were met in).
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Texts {
    /// `n` missing cells.
    pub fn missing(n: usize) -> Texts {
        Texts {
            values: Vec::new(),
            codes: vec![NONE; n],
        }
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Cell `i` (None when missing).
    pub fn get(&self, i: usize) -> Option<&str> {
        match self.codes[i] {
            NONE => None,
            c => Some(&self.values[c as usize]),
        }
    }

    /// The cells in order.
    pub fn iter(&self) -> impl Iterator<Item = Option<&str>> + '_ {
        self.codes.iter().map(|&c| match c {
            NONE => None,
            c => Some(self.values[c as usize].as_str()),
        })
    }

    /// Cell `i` as the number of its value in the order values first appeared (None when
    /// missing): equal codes, equal text.
    pub fn code(&self, i: usize) -> Option<u32> {
        Some(self.codes[i]).filter(|&c| c != NONE)
    }

    /// The distinct values, in the order they first appear (a value no longer in any cell,
    /// after rows were left out, may remain).
    pub fn distinct(&self) -> &[String] {
        &self.values
    }

    /// `other`'s cells added after these.
    pub fn append(&mut self, other: Texts) {
        let mut at: HashMap<&str, u32> = (self.values.iter().enumerate())
            .map(|(k, v)| (v.as_str(), k as u32))
            .collect();
        let mut added = Vec::new();
        let remap: Vec<u32> = (other.values.iter())
            .map(|v| {
                *at.entry(v.as_str()).or_insert_with(|| {
                    added.push(v.clone());
                    (self.values.len() + added.len() - 1) as u32
                })
            })
            .collect();
        self.values.extend(added);
        (self.codes).extend(other.codes.iter().map(|&c| match c {
            NONE => NONE,
            c => remap[c as usize],
        }));
    }

    /// `n` missing cells added.
    pub fn append_missing(&mut self, n: usize) {
        self.codes.extend(std::iter::repeat_n(NONE, n));
    }

    /// Keep the cells where `keep` is true.
    pub fn retain_rows(&mut self, keep: &[bool]) {
        let mut flags = keep.iter();
        self.codes.retain(|_| flags.next() == Some(&true));
    }
}

impl<S: AsRef<str>> FromIterator<Option<S>> for Texts {
    fn from_iter<I: IntoIterator<Item = Option<S>>>(cells: I) -> Texts {
        let mut at: HashMap<String, u32> = HashMap::new();
        let mut out = Texts::default();
        let cells = cells.into_iter();
        out.codes.reserve(cells.size_hint().0);
        for cell in cells {
            let code = match cell {
                None => NONE,
                Some(s) => {
                    let s = s.as_ref();
                    match at.get(s) {
                        Some(&c) => c,
                        None => {
                            let c = out.values.len() as u32;
                            out.values.push(s.to_string());
                            at.insert(s.to_string(), c);
                            c
                        }
                    }
                }
            };
            out.codes.push(code);
        }
        // No spare capacity kept (a growing vector of a million codes may hold two million).
        out.codes.shrink_to_fit();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::Texts;

    #[test]
    fn cells_read_back_as_written_and_equal_codes_are_equal_text() {
        let cells = [Some("b"), Some("a"), None, Some("b"), Some("")];
        let t: Texts = cells.iter().copied().collect();
        assert_eq!(t.iter().collect::<Vec<_>>(), cells);
        assert_eq!(t.distinct(), ["b", "a", ""]);
        assert_eq!((t.code(0), t.code(3), t.code(2)), (Some(0), Some(0), None));
        let mut u: Texts = [Some("c"), Some("a")].into_iter().collect();
        u.append(t.clone());
        u.append_missing(1);
        assert_eq!(
            u.iter().collect::<Vec<_>>(),
            [
                Some("c"),
                Some("a"),
                Some("b"),
                Some("a"),
                None,
                Some("b"),
                Some(""),
                None
            ]
        );
        assert_eq!(u.distinct(), ["c", "a", "b", ""]);
        u.retain_rows(&[false, true, true, false, true, false, false, true]);
        assert_eq!(
            u.iter().collect::<Vec<_>>(),
            [Some("a"), Some("b"), None, None]
        );
        let same: Texts = [Some("a"), Some("b"), None, None].into_iter().collect();
        assert_eq!(u, same);
        assert_ne!(u, Texts::missing(4));
    }
}
