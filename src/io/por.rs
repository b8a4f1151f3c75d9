//! The dictionary of an SPSS portable file (.por): variable labels, value labels and
//! user-missing declarations, which polars-readstat-rs 0.27 reads past. The data themselves
//! come from polars-readstat-rs; this reads the records before them, as PSPP's "Portable
//! File Format" documents them: 80-character lines, a 200-byte splash, a 256-byte character
//! table, "SPSSPORT", then tagged records with base-30 numbers ending in '/' and strings
//! prefixed by their length.

/// One variable's declarations.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PorVar {
    pub name: String,
    /// Raw bytes of the label (PSPP writes UTF-8; older files a code page).
    pub label: Option<Vec<u8>>,
    /// Value labels: value as written in level names, label bytes.
    pub value_labels: Vec<(String, Vec<u8>)>,
    /// Discrete user-missing values.
    pub missing: Vec<f64>,
    /// A user-missing range (LO THRU HI; infinite ends for LOWEST/HIGHEST).
    pub range: Option<(f64, f64)>,
}

/// Read the dictionary of a portable file and walk its data, checking that every count and
/// string length fits in the bytes that are left: polars-readstat-rs reserves room for them
/// before reading (fuzzing found damaged files asking it for up to 549 PB), so this runs
/// first and a damaged file gets a message instead of an abort.
pub fn dictionary(raw: &[u8]) -> Result<Vec<PorVar>, String> {
    // Lines of 80 characters; a shorter line is padded with spaces. Line ends are read as
    // polars-readstat-rs reads them (its reader runs on the same bytes after this check): CR
    // LF or LF ends a line, a lone CR ends it too and swallows the byte after it, and the
    // padding spaces count towards the next line's length (so a short line after a short line
    // gets less padding).
    //
    // The padding is a space byte, that of ASCII until the character table is read, then the
    // table's own (its position 126), which may read as another character in a damaged table.
    let mut data = Vec::with_capacity(raw.len());
    let mut padding = Vec::with_capacity(raw.len());
    let (mut i, mut col) = (0usize, 0usize);
    while i < raw.len() {
        match raw[i] {
            b'\r' | b'\n' => {
                if raw[i] == b'\r' {
                    i += 1; // the LF of CR LF, or the byte a lone CR swallows
                }
                let pad = 80usize.saturating_sub(col);
                data.extend(std::iter::repeat_n(b' ', pad));
                padding.extend(std::iter::repeat_n(true, pad));
                col = pad;
            }
            b => {
                data.push(b);
                padding.push(false);
                col += 1;
            }
        }
        i += 1;
    }
    let pad = 80usize.saturating_sub(col);
    data.extend(std::iter::repeat_n(b' ', pad));
    padding.extend(std::iter::repeat_n(true, pad));
    if data.len() < 464 {
        return Err("not an SPSS portable file (no SPSSPORT signature)".into());
    }
    let space = data[200 + 126];
    for (b, _) in data
        .iter_mut()
        .zip(&padding)
        .skip(456)
        .filter(|(_, pad)| **pad)
    {
        *b = space;
    }
    let map = byte_to_char(&data[200..456]);
    let signature: Vec<u8> = data[456..464].iter().map(|&b| map[b as usize]).collect();
    if signature != b"SPSSPORT" {
        return Err("not an SPSS portable file (no SPSSPORT signature)".into());
    }
    if &data[200 + 64..200 + 74] != b"0123456789" {
        return Err("its character table is not ASCII, which is not supported".into());
    }
    let mut p = Parser {
        data: &data,
        pos: 464,
        map,
    };
    if p.byte()? != b'A' {
        return Err("unknown portable-file version".into());
    }
    p.string()?; // creation date
    p.string()?; // creation time
    let mut vars: Vec<PorVar> = Vec::new();
    let mut widths: Vec<usize> = Vec::new();
    loop {
        match p.byte()? {
            b'1' | b'2' | b'3' | b'6' => {
                p.string()?;
            }
            b'4' | b'5' => {
                p.number()?;
            }
            b'7' => {
                let width = p.number()?.unwrap_or(0.0) as usize;
                let name = String::from_utf8_lossy(&p.name()?).trim().to_string();
                for _ in 0..6 {
                    p.number()?;
                }
                vars.push(PorVar {
                    name,
                    ..PorVar::default()
                });
                widths.push(width);
            }
            tag @ (b'8' | b'9' | b'A' | b'B') => {
                // LO THRU x and x THRU HI are numbers even for a string variable, as
                // polars-readstat-rs reads them.
                let string = widths.last().is_some_and(|&w| w > 0) && matches!(tag, b'8' | b'B');
                let value = |p: &mut Parser| -> Result<Option<f64>, String> {
                    if string {
                        p.string()?;
                        Ok(None)
                    } else {
                        p.number()
                    }
                };
                let a = value(&mut p)?;
                let b = if tag == b'B' { value(&mut p)? } else { None };
                if let Some(v) = vars.last_mut() {
                    match (tag, a, b) {
                        (b'8', Some(x), _) => v.missing.push(x),
                        (b'9', Some(x), _) => v.range = Some((f64::NEG_INFINITY, x)),
                        (b'A', Some(x), _) => v.range = Some((x, f64::INFINITY)),
                        (b'B', Some(x), Some(y)) => v.range = Some((x, y)),
                        _ => {}
                    }
                }
            }
            b'C' => {
                let label = p.string()?;
                if let Some(v) = vars.last_mut() {
                    v.label = Some(label);
                }
            }
            b'D' => {
                let n = p.count("a value-label variable count")?;
                let mut names = Vec::with_capacity(n);
                for _ in 0..n {
                    names.push(String::from_utf8_lossy(&p.name()?).trim().to_string());
                }
                let string = names.first().is_some_and(|name| {
                    vars.iter()
                        .zip(&widths)
                        .any(|(v, &w)| &v.name == name && w > 0)
                });
                let m = p.count("a value-label count")?;
                let mut labels = Vec::with_capacity(m);
                for _ in 0..m {
                    let key = if string {
                        String::from_utf8_lossy(&p.string()?).trim_end().to_string()
                    } else {
                        p.number()?.map_or_else(String::new, |x| format!("{x}"))
                    };
                    labels.push((key, p.string()?));
                }
                for v in vars.iter_mut().filter(|v| names.contains(&v.name)) {
                    v.value_labels.extend(labels.iter().cloned());
                }
            }
            b'E' => {
                let n = p.count("a document's line count")?;
                for _ in 0..n {
                    p.string()?;
                }
            }
            b'F' => {
                walk_data(&mut p, &widths)?;
                break;
            }
            b' ' => {}
            other => {
                return Err(format!(
                    "unknown record '{}' at byte {}",
                    other as char, p.pos
                ));
            }
        }
    }
    Ok(vars)
}

/// The data records: per case, a number or a string per variable, until the 'Z' padding or
/// the end of the file.
fn walk_data(p: &mut Parser, widths: &[usize]) -> Result<(), String> {
    if widths.is_empty() {
        return Ok(());
    }
    loop {
        while p.data.get(p.pos).map(|&b| p.map[b as usize]) == Some(b' ') {
            p.pos += 1;
        }
        match p.data.get(p.pos).map(|&b| p.map[b as usize]) {
            None | Some(b'Z') => return Ok(()),
            _ => {}
        }
        for &w in widths {
            if w > 0 {
                p.string()?;
            } else {
                p.number()?;
            }
        }
    }
}

/// The portable-file character set (PSPP's "Portable File Format": positions 64-186 of the
/// file's character table), as ASCII.
fn charset() -> [u8; 256] {
    let mut t = [0u8; 256];
    let chars: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz .<(+|&[]!$*);^-/|,%_>?`:#@'=\"";
    for (i, &c) in chars.iter().enumerate() {
        t[64 + i] = c;
    }
    t[162] = b'~';
    t[184] = b'{';
    t[185] = b'}';
    t[186] = b'\\';
    t
}

/// What each byte of the file stands for, from its 256-byte character table, built as
/// polars-readstat-rs builds it (a byte the table does not place reads as NUL; the byte at
/// the table's '0' position is '0'), so that this check reads the records as it will.
fn byte_to_char(table: &[u8]) -> [u8; 256] {
    let set = charset();
    let mut map = [0u8; 256];
    for i in 0..256 {
        if set[i] != 0 {
            map[table[i] as usize] = set[i];
        }
    }
    map[table[64] as usize] = b'0';
    map
}

struct Parser<'a> {
    data: &'a [u8],
    pos: usize,
    /// Byte to character (see [`byte_to_char`]); strings keep their bytes.
    map: [u8; 256],
}

impl Parser<'_> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self
            .data
            .get(self.pos)
            .ok_or("the dictionary ends before its data")?;
        self.pos += 1;
        Ok(self.map[b as usize])
    }

    /// A base-30 number ending in '/' ("*." is system-missing: None).
    fn number(&mut self) -> Result<Option<f64>, String> {
        let mut b = self.byte()?;
        while b == b' ' {
            b = self.byte()?;
        }
        if b == b'*' {
            self.byte()?; // the '.' after it
            return Ok(None);
        }
        let digit = |c: u8| match c {
            b'0'..=b'9' => Some((c - b'0') as f64),
            b'A'..=b'T' => Some((c - b'A' + 10) as f64),
            _ => None,
        };
        // A leading sign, '-' or '+' (as polars-readstat-rs reads it).
        let negative = b == b'-';
        if negative || b == b'+' {
            b = self.byte()?;
        }
        let (mut value, mut scale, mut fraction) = (0.0f64, 1.0f64, false);
        let mut exponent = 0i32;
        loop {
            match b {
                b'/' => break,
                b'.' => fraction = true,
                b'+' | b'-' => {
                    let sign = if b == b'-' { -1 } else { 1 };
                    let mut e = 0i32;
                    loop {
                        let c = self.byte()?;
                        if c == b'/' {
                            break;
                        }
                        let d = digit(c).ok_or("a bad exponent digit")? as i32;
                        e = e.saturating_mul(30).saturating_add(d);
                    }
                    exponent = sign * e;
                    break;
                }
                c => {
                    let d = digit(c)
                        .ok_or_else(|| format!("'{}' is not a base-30 digit", c as char))?;
                    if fraction {
                        scale /= 30.0;
                        value += d * scale;
                    } else {
                        value = value * 30.0 + d;
                    }
                }
            }
            b = self.byte()?;
        }
        let v = value * 30f64.powi(exponent);
        Ok(Some(if negative { -v } else { v }))
    }

    /// A count of items of at least 2 bytes each (the shortest record is "0/"): a whole
    /// number that fits in what is left.
    fn count(&mut self, what: &str) -> Result<usize, String> {
        let n = self.number()?.unwrap_or(0.0);
        let left = self.data.len().saturating_sub(self.pos);
        if !(n >= 0.0 && n.fract() == 0.0 && n <= (left / 2) as f64) {
            return Err(format!("{what} of {n} where {left} bytes are left"));
        }
        Ok(n as usize)
    }

    /// A name: a string read through the character table, as polars-readstat-rs reads names
    /// (so that the variables match its columns and a value-label record finds the same
    /// variable it finds).
    fn name(&mut self) -> Result<Vec<u8>, String> {
        let raw = self.string()?;
        Ok(raw.iter().map(|&b| self.map[b as usize]).collect())
    }

    /// A string: its length as a number, then that many bytes.
    fn string(&mut self) -> Result<Vec<u8>, String> {
        let n = self.number()?.unwrap_or(0.0);
        let left = self.data.len().saturating_sub(self.pos);
        if !(n >= 0.0 && n.fract() == 0.0 && n <= left as f64) {
            return Err(format!(
                "a string of length {n} where {left} bytes are left (at byte {})",
                self.pos
            ));
        }
        let end = self.pos + n as usize;
        let s = self.data[self.pos..end].to_vec();
        self.pos = end;
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte stands for itself (an ASCII character table).
    const IDENTITY: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut i = 0;
        while i < 256 {
            t[i] = i as u8;
            i += 1;
        }
        t
    };

    #[test]
    fn base_30_numbers_and_strings() {
        let mut p = Parser {
            data: b"1A/-B.F/3/abc*.2+1/",
            pos: 0,
            map: IDENTITY,
        };
        assert_eq!(p.number().unwrap(), Some(40.0)); // 1*30 + 10
        assert_eq!(p.number().unwrap(), Some(-11.5)); // -(11 + 15/30)
        assert_eq!(p.string().unwrap(), b"abc");
        assert_eq!(p.number().unwrap(), None);
        assert_eq!(p.number().unwrap(), Some(60.0)); // 2 * 30^1
    }

    #[test]
    fn damaged_lengths_and_exponents_are_errors_not_crashes() {
        // An exponent of many base-30 digits saturates (it overflowed i32); a string longer
        // than the bytes left, or a count of more items than fit, is refused.
        let mut p = Parser {
            data: b"1+TTTTTTTTTT/",
            pos: 0,
            map: IDENTITY,
        };
        assert_eq!(p.number().unwrap(), Some(f64::INFINITY));
        let mut p = Parser {
            data: b"TTTTTT/abc",
            pos: 0,
            map: IDENTITY,
        };
        assert!(p.string().unwrap_err().contains("a string of length"));
        let mut p = Parser {
            data: b"A/0/0/",
            pos: 0,
            map: IDENTITY,
        };
        assert!(p.count("a count").unwrap_err().contains("a count of 10"));
    }
}
