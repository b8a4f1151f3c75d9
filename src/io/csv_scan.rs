//! Scans of a CSV file's bytes around polars' read: the delimiter to read it with, the end
//! of its first records (the sample read first), and its first record with more fields than
//! the header (named in the error when polars refuses the file).

use super::IoError;
use std::path::Path;

/// The byte offset just past the first `records` records of a CSV text (line breaks inside
/// quotes are data), or its length when it has no more.
pub(super) fn records_end(text: &[u8], records: usize) -> usize {
    let mut quoted = false;
    let mut seen = 0;
    for (i, &b) in text.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                seen += 1;
                if seen == records {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// The delimiter to read a text file with. With the default (comma): a .tsv file is read
/// with tabs, a .txt file whose header has tabs and no comma too, and a .csv file whose
/// header has tabs and no comma is an error with the fix, not a table of one column.
pub(super) fn delimiter_of(path: &Path, text: &[u8], given: u8, file: &str) -> Result<u8, IoError> {
    if given != b',' {
        return Ok(given);
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let header = text.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let tabbed = header.contains(&b'\t') && !header.contains(&b',');
    match (ext.as_str(), tabbed) {
        ("tsv", _) | ("txt", true) => Ok(b'\t'),
        (_, true) => Err(IoError::TabSeparated { file: file.into() }),
        _ => Ok(given),
    }
}

/// The first record with more fields than the header, as (line from 1, its fields, the
/// header's fields); quotes are honoured (a quoted delimiter or line break is data).
pub(super) fn ragged(text: &[u8], delimiter: u8) -> Option<(usize, usize, usize)> {
    let (mut line, mut start_line, mut fields) = (1, 1, 1);
    let mut header = None;
    let mut quoted = false;
    let mut empty = true;
    for &b in text {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                if !empty {
                    match header {
                        None => header = Some(fields),
                        Some(h) if fields > h => return Some((start_line, fields, h)),
                        _ => {}
                    }
                }
                line += 1;
                start_line = line;
                fields = 1;
                empty = true;
                continue;
            }
            b'\n' => line += 1,
            d if d == delimiter && !quoted => fields += 1,
            b'\r' => continue,
            _ => {}
        }
        empty = false;
    }
    match header {
        Some(h) if !empty && fields > h => Some((start_line, fields, h)),
        _ => None,
    }
}
