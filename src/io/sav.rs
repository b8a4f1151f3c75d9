//! A structural check of an SPSS system file (.sav, .zsav) before polars-readstat-rs reads it.
//! The crate trusts the counts a file declares and allocates for them: fuzzing found damaged
//! headers that asked for 36 GB (an abort no `catch_unwind` can catch). This walk of the
//! dictionary checks that every count and length fits in the bytes that are there, so a
//! damaged file gets a message instead.
//!
//! Layout (PSPP's "System File Format"): a 176-byte header, then records (2 variable,
//! 3 value labels, 4 their variables, 6 documents, 7 extensions) up to record 999, then the
//! data; a .zsav has a zlib header and trailer describing its blocks.

/// Why a .sav file cannot be read, or Ok.
pub fn check(bytes: &[u8]) -> Result<(), String> {
    let mut r = Cursor {
        bytes,
        pos: 0,
        big: false,
    };
    let magic = r.take(4)?;
    if magic != b"$FL2" && magic != b"$FL3" {
        return Err("it does not start with $FL2 or $FL3".into());
    }
    r.skip(60)?;
    let layout = r.peek_i32()?;
    r.big = !(layout == 2 || layout == 3);
    let layout = r.i32()?;
    if layout != 2 && layout != 3 {
        return Err(format!("layout code {layout} (expected 2 or 3)"));
    }
    let case_size = r.i32()?;
    let compression = r.i32()?;
    if !(0..=2).contains(&compression) {
        return Err(format!(
            "compression code {compression} (expected 0, 1 or 2)"
        ));
    }
    r.skip(4)?; // weight index
    let ncases = r.i32()?;
    r.skip(8 + 9 + 8 + 64 + 3)?;
    if case_size > 0 && case_size as usize > bytes.len() / 8 {
        return Err(format!(
            "it declares {case_size} values per case in a file of {} bytes",
            bytes.len()
        ));
    }
    loop {
        let rec = r.i32()?;
        match rec {
            2 => {
                r.skip(4)?; // type
                let has_label = r.i32()?;
                let n_missing = r.i32()?;
                r.skip(4 + 4 + 8)?; // print, write, name
                if has_label == 1 {
                    let len = r.count("a variable label's length", 1)?;
                    r.skip(len.div_ceil(4) * 4)?;
                } else if has_label != 0 {
                    return Err(format!("a variable record's label flag is {has_label}"));
                }
                if !(-3..=3).contains(&n_missing) {
                    return Err(format!("a variable declares {n_missing} missing values"));
                }
                r.skip(n_missing.unsigned_abs() as usize * 8)?;
            }
            3 => {
                let n = r.count("a value-label count", 9)?;
                for _ in 0..n {
                    r.skip(8)?;
                    let len = *r.take(1)?.first().unwrap_or(&0) as usize;
                    r.skip((len + 1).div_ceil(8) * 8 - 1)?;
                }
                if r.i32()? != 4 {
                    return Err("value labels are not followed by their variables".into());
                }
                let k = r.count("a value-label variable count", 4)?;
                r.skip(k * 4)?;
            }
            6 => {
                let n = r.count("a document's line count", 80)?;
                r.skip(n * 80)?;
            }
            7 => {
                let subtype = r.i32()?;
                let size = r.i32()?;
                let count = r.i32()?;
                if size < 0 || count < 0 {
                    return Err(format!(
                        "an extension record of {count} items of {size} bytes"
                    ));
                }
                let len = (size as u64) * (count as u64);
                if len > r.left() as u64 {
                    return Err(format!(
                        "an extension record of {len} bytes where {} are left",
                        r.left()
                    ));
                }
                let big = r.big;
                let body = r.take(len as usize)?;
                if subtype == 21 {
                    long_string_value_labels(body, big)?;
                }
            }
            999 => {
                r.skip(4)?;
                break;
            }
            other => return Err(format!("unknown record type {other} at byte {}", r.pos - 4)),
        }
    }
    let data = r.left();
    if compression == 2 {
        return zsav(&mut r, ncases, case_size);
    }
    let most = match compression {
        0 => data / (8 * case_size.max(1) as usize),
        _ => data.saturating_mul(8),
    };
    if ncases > 0 && ncases as usize > most {
        return Err(format!(
            "it declares {ncases} cases in {data} bytes of data"
        ));
    }
    Ok(())
}

/// Extension record 21 (value labels of long string variables): per variable its name, width
/// and a count of labels, each a length-prefixed value and label. The count must fit in the
/// record (each label takes at least 8 bytes): the reader reserves room for it up front.
fn long_string_value_labels(body: &[u8], big: bool) -> Result<(), String> {
    let mut r = Cursor {
        bytes: body,
        pos: 0,
        big,
    };
    while r.left() > 0 {
        let name = r.count("a long string variable's name length", 1)?;
        r.skip(name)?;
        if r.left() == 0 {
            break;
        }
        r.skip(4)?; // the variable's width
        let labels = r.count("a long string value-label count", 8)?;
        for _ in 0..labels {
            let value = r.count("a long string value's length", 1)?;
            r.skip(value)?;
            let label = r.count("a long string value label's length", 1)?;
            r.skip(label)?;
        }
    }
    Ok(())
}

/// The zlib header and trailer of a .zsav: every block inside the file, of a sane size.
fn zsav(r: &mut Cursor, ncases: i32, case_size: i32) -> Result<(), String> {
    let len = r.bytes.len() as u64;
    let _header_ofs = r.i64()?;
    let trailer_ofs = r.i64()?;
    let trailer_len = r.i64()?;
    if trailer_ofs < 0
        || trailer_len < 24
        || (trailer_ofs as u64).saturating_add(trailer_len as u64) > len
    {
        return Err(format!(
            "its compressed-data trailer ({trailer_len} bytes at {trailer_ofs}) lies outside the file"
        ));
    }
    r.pos = trailer_ofs as usize;
    r.skip(16)?; // bias, zero
    let block = r.i32()?;
    let n = r.i32()?;
    if !(0..=(64 << 20)).contains(&block) || n < 0 || (n as u64) * 24 > trailer_len as u64 - 24 {
        return Err(format!(
            "its trailer declares {n} blocks of {block} bytes in {trailer_len} bytes"
        ));
    }
    let mut total = 0u64;
    for _ in 0..n {
        let _uofs = r.i64()?;
        let cofs = r.i64()?;
        let usize_ = r.i32()?;
        let csize = r.i32()?;
        if cofs < 0
            || csize < 0
            || usize_ < 0
            || usize_ > block
            || (cofs as u64).saturating_add(csize as u64) > len
        {
            return Err(
                "a compressed block lies outside the file or exceeds the block size".into(),
            );
        }
        total += usize_ as u64;
    }
    if ncases > 0
        && (ncases as u64) > total.saturating_mul(8) / (case_size.max(1) as u64).max(1) + 1
    {
        return Err(format!(
            "it declares {ncases} cases in {total} bytes of data"
        ));
    }
    Ok(())
}

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
    big: bool,
}

impl Cursor<'_> {
    fn left(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        if n > self.left() {
            return Err(format!(
                "it ends inside a record (at byte {})",
                self.bytes.len()
            ));
        }
        let s = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    fn skip(&mut self, n: usize) -> Result<(), String> {
        self.take(n).map(|_| ())
    }
    fn peek_i32(&self) -> Result<i32, String> {
        let b: [u8; 4] = self
            .bytes
            .get(self.pos..self.pos + 4)
            .and_then(|s| s.try_into().ok())
            .ok_or("it ends inside its header")?;
        Ok(i32::from_le_bytes(b))
    }
    fn i32(&mut self) -> Result<i32, String> {
        let big = self.big;
        let b: [u8; 4] = self.take(4)?.try_into().map_err(|_| "short read")?;
        Ok(if big {
            i32::from_be_bytes(b)
        } else {
            i32::from_le_bytes(b)
        })
    }
    fn i64(&mut self) -> Result<i64, String> {
        let big = self.big;
        let b: [u8; 8] = self.take(8)?.try_into().map_err(|_| "short read")?;
        Ok(if big {
            i64::from_be_bytes(b)
        } else {
            i64::from_le_bytes(b)
        })
    }
    /// A count of items of at least `each` bytes: not negative, and fitting in what is left.
    fn count(&mut self, what: &str, each: usize) -> Result<usize, String> {
        let n = self.i32()?;
        if n < 0 || n as usize > self.left() / each {
            return Err(format!(
                "{what} of {n} where {} bytes are left",
                self.left()
            ));
        }
        Ok(n as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/mini")
                .join(name),
        )
        .unwrap()
    }

    #[test]
    fn real_files_pass_and_damaged_counts_are_named() {
        for f in ["mini.sav", "mini.zsav", "mini_gbk.sav"] {
            assert_eq!(check(&fixture(f)), Ok(()), "{f}");
        }
        let good = fixture("mini.sav");
        assert!(check(&good[..100]).unwrap_err().contains("ends inside"));
        // Files the fuzzer made, on which the reader asked for up to 36 GB.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/sav");
        for e in std::fs::read_dir(dir).unwrap() {
            let bytes = std::fs::read(e.unwrap().path()).unwrap();
            assert!(check(&bytes).is_err());
        }
    }
}
