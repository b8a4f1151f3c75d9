//! The package of a Word document: a zip of its parts (ECMA-376 Part 2; PKWARE APPNOTE 6.3
//! for the zip). The XML parts deflated, the PNGs (already compressed) stored; every entry
//! dated 1980-01-01 00:00, so that the bytes depend on the content alone.

use flate2::Compression;
use std::io::Write;

/// The parts of a package, added in order and written as a zip by `finish`.
#[derive(Default)]
pub struct Package {
    out: Vec<u8>,
    /// Each entry's central-directory record.
    central: Vec<u8>,
    entries: usize,
}

/// A part too large for a zip without its 64-bit extension (4 GiB).
#[derive(Debug, thiserror::Error)]
#[error("{name} is too large for the package ({size} bytes; at most 4 GiB)")]
pub struct TooLarge {
    pub name: String,
    pub size: usize,
}

const STORED: u16 = 0;
const DEFLATED: u16 = 8;
/// 1980-01-01 in MS-DOS form (the earliest date a zip can hold), 00:00:00.
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;
/// Version 2.0: deflate.
const VERSION: u16 = 20;

impl Package {
    /// An XML part, deflated.
    pub fn xml(&mut self, name: &str, text: &str) -> Result<(), TooLarge> {
        let mut z = flate2::write::DeflateEncoder::new(
            Vec::with_capacity(text.len() / 4),
            Compression::fast(),
        );
        z.write_all(text.as_bytes()).expect("writing to memory");
        let packed = z.finish().expect("writing to memory");
        self.entry(name, text.as_bytes(), &packed, DEFLATED)
    }

    /// A part stored as it is (an image already compressed).
    pub fn stored(&mut self, name: &str, bytes: &[u8]) -> Result<(), TooLarge> {
        self.entry(name, bytes, bytes, STORED)
    }

    fn entry(
        &mut self,
        name: &str,
        raw: &[u8],
        packed: &[u8],
        method: u16,
    ) -> Result<(), TooLarge> {
        let too_large = |size: usize| TooLarge {
            name: name.to_string(),
            size,
        };
        let size = field32(raw.len()).ok_or_else(|| too_large(raw.len()))?;
        let packed_size = field32(packed.len()).ok_or_else(|| too_large(packed.len()))?;
        let offset = field32(self.out.len()).ok_or_else(|| too_large(self.out.len()))?;
        let mut crc = flate2::Crc::new();
        crc.update(raw);
        let crc = crc.sum();
        let name_len = u16::try_from(name.len()).expect("a part's name is short");
        // Local file header.
        let o = &mut self.out;
        o.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        for v in [VERSION, 0, method, DOS_TIME, DOS_DATE] {
            o.extend_from_slice(&v.to_le_bytes());
        }
        for v in [crc, packed_size, size] {
            o.extend_from_slice(&v.to_le_bytes());
        }
        for v in [name_len, 0] {
            o.extend_from_slice(&v.to_le_bytes());
        }
        o.extend_from_slice(name.as_bytes());
        o.extend_from_slice(packed);
        // Its central-directory record.
        let c = &mut self.central;
        c.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        for v in [VERSION, VERSION, 0, method, DOS_TIME, DOS_DATE] {
            c.extend_from_slice(&v.to_le_bytes());
        }
        for v in [crc, packed_size, size] {
            c.extend_from_slice(&v.to_le_bytes());
        }
        // Name length; extra field, comment, disk number, internal attributes.
        for v in [name_len, 0, 0, 0, 0] {
            c.extend_from_slice(&v.to_le_bytes());
        }
        // External attributes, then where the local header is.
        for v in [0, offset] {
            c.extend_from_slice(&v.to_le_bytes());
        }
        c.extend_from_slice(name.as_bytes());
        self.entries += 1;
        Ok(())
    }

    /// The zip: the entries, their central directory and its end record.
    pub fn finish(mut self) -> Result<Vec<u8>, TooLarge> {
        let too_large = |size: usize| TooLarge {
            name: "the central directory".into(),
            size,
        };
        let at = field32(self.out.len()).ok_or_else(|| too_large(self.out.len()))?;
        let size = field32(self.central.len()).ok_or_else(|| too_large(self.central.len()))?;
        let entries = u16::try_from(self.entries)
            .ok()
            .filter(|&n| n < u16::MAX)
            .ok_or_else(|| too_large(self.entries))?;
        self.out.append(&mut self.central);
        let o = &mut self.out;
        o.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        // This disk, the directory's disk, its entries on this disk and in all.
        for v in [0, 0, entries, entries] {
            o.extend_from_slice(&v.to_le_bytes());
        }
        for v in [size, at] {
            o.extend_from_slice(&v.to_le_bytes());
        }
        // No comment.
        o.extend_from_slice(&0u16.to_le_bytes());
        Ok(self.out)
    }
}

/// A size or offset as a zip's 32-bit field; None from 0xFFFFFFFF up (that value sends a
/// reader to the 64-bit extension, which this writer does not write).
fn field32(n: usize) -> Option<u32> {
    u32::try_from(n).ok().filter(|&n| n < u32::MAX)
}

/// Text for XML character data: &, < and > escaped, and the characters XML cannot hold
/// replaced (see `names::xml_text`).
pub fn text(out: &mut String, s: &str) {
    escape(out, s, false);
}

/// Text for an attribute's value in double quotes: as `text`, and `"` escaped.
pub fn attribute(out: &mut String, s: &str) {
    escape(out, s, true);
}

fn escape(out: &mut String, s: &str, quotes: bool) {
    let s = crate::render::names::xml_text(s);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quotes => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// The zip crate (the reader the tests use, as Word's would) reads every entry back,
    /// names, methods and bytes, and the bytes depend on the content alone.
    #[test]
    fn a_package_reads_back_as_a_zip() {
        let make = || {
            let mut p = Package::default();
            p.xml("[Content_Types].xml", "<Types>&amp; 宋体</Types>")
                .unwrap();
            p.stored("word/media/image1.png", &[137, 80, 78, 71, 0, 1, 2])
                .unwrap();
            p.xml("word/document.xml", &"<w:p/>".repeat(1000)).unwrap();
            p.finish().unwrap()
        };
        let bytes = make();
        assert_eq!(bytes, make());
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(zip.len(), 3);
        let mut read = |name: &str| {
            let mut f = zip.by_name(name).unwrap();
            let method = f.compression();
            let mut v = Vec::new();
            f.read_to_end(&mut v).unwrap();
            (v, method)
        };
        let (types, m) = read("[Content_Types].xml");
        assert_eq!(types, "<Types>&amp; 宋体</Types>".as_bytes());
        assert_eq!(m, zip::CompressionMethod::Deflated);
        let (png, m) = read("word/media/image1.png");
        assert_eq!(png, [137, 80, 78, 71, 0, 1, 2]);
        assert_eq!(m, zip::CompressionMethod::Stored);
        let (doc, _) = read("word/document.xml");
        assert_eq!(doc.len(), 6000);
    }

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut s = String::new();
        text(&mut s, "a < b & \"c\"\u{7}");
        assert_eq!(s, "a &lt; b &amp; \"c\"\u{FFFD}");
        s.clear();
        attribute(&mut s, "\"x\" > y");
        assert_eq!(s, "&quot;x&quot; &gt; y");
    }
}
