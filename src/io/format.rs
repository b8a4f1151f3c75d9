//! Which format a data file is in: named by its ending or by `--format` / `[data] format`,
//! and checked against the file's first bytes, so that a mislabelled file (an .xlsx saved as
//! .csv, a web page saved as .xls, a PDF) gets one message naming what it is.

use super::IoError;
use std::path::Path;

/// The formats read. One definition serves `--format` and `[data] format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Comma- or tab-separated text (.csv, .tsv, .txt; also "tsv", "txt").
    #[value(name = "csv", aliases = ["tsv", "txt", "text"])]
    Csv,
    /// Apache Parquet (.parquet).
    #[value(name = "parquet")]
    Parquet,
    /// Excel or OpenDocument workbook (.xlsx, .xlsm, .xlsb, .xls, .ods; also "xlsx", "xls",
    /// "ods", "workbook").
    #[value(name = "excel", aliases = ["xlsx", "xls", "ods", "workbook"])]
    Excel,
    /// SPSS system file, plain or compressed (.sav, .zsav; also "spss", "zsav").
    #[value(name = "sav", aliases = ["spss", "zsav"])]
    Sav,
    /// SPSS portable file (.por).
    #[value(name = "por")]
    Por,
    /// Stata data file (.dta; also "stata").
    #[value(name = "dta", aliases = ["stata"])]
    Dta,
}

/// File endings and the format each names.
const ENDINGS: [(&str, Format); 13] = [
    ("csv", Format::Csv),
    ("tsv", Format::Csv),
    ("txt", Format::Csv),
    ("parquet", Format::Parquet),
    ("xlsx", Format::Excel),
    ("xlsm", Format::Excel),
    ("xlsb", Format::Excel),
    ("xls", Format::Excel),
    ("ods", Format::Excel),
    ("sav", Format::Sav),
    ("zsav", Format::Sav),
    ("por", Format::Por),
    ("dta", Format::Dta),
];

/// What the endings accepted are, for messages.
pub const KNOWN_ENDINGS: &str = ".csv (or .tsv/.txt), .parquet, .xlsx/.xls (Excel, also .xlsm/.xlsb/.ods), .sav/.zsav or .por (SPSS), or .dta (Stata)";

impl Format {
    /// The name written in results and accepted by `--format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Parquet => "parquet",
            Format::Excel => "excel",
            Format::Sav => "sav",
            Format::Por => "por",
            Format::Dta => "dta",
        }
    }

    /// The format a file ending names (case-insensitive), if any.
    pub fn of_ending(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        ENDINGS.iter().find(|(e, _)| *e == ext).map(|&(_, f)| f)
    }

    /// The format to read `path` in: the one given, else its ending's.
    pub fn resolve(path: &Path, given: Option<Format>) -> Result<Format, String> {
        given.or_else(|| Format::of_ending(path)).ok_or_else(|| {
            format!(
                "\"{}\" must end in {KNOWN_ENDINGS}; for another ending, name the format (format = \"sav\" under [data], or --format sav)",
                path.display()
            )
        })
    }
}

/// What a file's first bytes show it to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Content {
    Zip,
    Ole,
    /// An OLE file holding an encrypted Office package: a password-protected workbook.
    Encrypted,
    Pdf,
    Sav,
    Parquet,
    Dta,
    Por,
    Gzip,
    Html,
    Text,
}

impl Content {
    fn of(head: &[u8]) -> Content {
        let starts = |sig: &[u8]| head.starts_with(sig);
        if starts(b"PK\x03\x04") {
            Content::Zip
        } else if starts(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            let marker: Vec<u8> = "EncryptedPackage"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect();
            if head.windows(marker.len()).any(|w| w == marker.as_slice()) {
                Content::Encrypted
            } else {
                Content::Ole
            }
        } else if starts(b"%PDF") {
            Content::Pdf
        } else if starts(b"$FL2") || starts(b"$FL3") {
            Content::Sav
        } else if starts(b"PAR1") {
            Content::Parquet
        } else if starts(b"<stata_dta>")
            || (head.len() > 2 && (0x66..=0x73).contains(&head[0]) && matches!(head[1], 1 | 2))
        {
            Content::Dta
        } else if head[..head.len().min(600)]
            .windows(8)
            .any(|w| w == b"SPSSPORT" || w == b"PORT FIL")
        {
            Content::Por
        } else if starts(&[0x1F, 0x8B]) {
            Content::Gzip
        } else {
            let text = String::from_utf8_lossy(&head[..head.len().min(1024)]).to_ascii_lowercase();
            let t = text.trim_start_matches('\u{FEFF}').trim_start();
            if t.starts_with("<!doctype html")
                || t.starts_with("<html")
                || (t.starts_with('<') && (text.contains("<table") || text.contains("<html")))
            {
                Content::Html
            } else {
                Content::Text
            }
        }
    }

    /// What it is, in words.
    fn describe(self) -> &'static str {
        match self {
            Content::Zip => {
                "a ZIP package (an Excel .xlsx or OpenDocument workbook, or a Word document)"
            }
            Content::Ole => "an old-style Office file (an Excel .xls workbook or a Word .doc)",
            Content::Encrypted => "a password-protected (encrypted) workbook",
            Content::Pdf => "a PDF document",
            Content::Sav => "an SPSS data file (.sav)",
            Content::Parquet => "a Parquet file",
            Content::Dta => "a Stata data file (.dta)",
            Content::Por => "an SPSS portable file (.por)",
            Content::Gzip => "a gzip-compressed file",
            Content::Html => {
                "a web page (HTML), as some survey platforms save under an .xls ending"
            }
            Content::Text => "a text file",
        }
    }

    /// The format to read it as, when it is one bprstat reads.
    fn format(self) -> Option<Format> {
        match self {
            Content::Zip | Content::Ole => Some(Format::Excel),
            Content::Sav => Some(Format::Sav),
            Content::Parquet => Some(Format::Parquet),
            Content::Dta => Some(Format::Dta),
            Content::Por => Some(Format::Por),
            Content::Text => Some(Format::Csv),
            Content::Encrypted | Content::Pdf | Content::Gzip | Content::Html => None,
        }
    }
}

/// The error for a file whose ending names no format: what its content is, and the flag.
pub fn unknown_ending(path: &Path) -> IoError {
    let file = path.display().to_string();
    let mut head = Vec::new();
    if let Ok(f) = std::fs::File::open(path) {
        use std::io::Read;
        let _ = f.take(4096).read_to_end(&mut head);
    }
    let content = Content::of(&head);
    let todo = match content.format() {
        Some(f) if content != Content::Text => format!(
            "its content is {}: name the format with --format {} (format = \"{}\" under [data])",
            content.describe(),
            f.name(),
            f.name()
        ),
        _ => format!(
            "name the format with --format (format = \"...\" under [data]): csv, parquet, excel, sav, por or dta; bprstat reads {KNOWN_ENDINGS}"
        ),
    };
    IoError::UnknownEnding { file, todo }
}

/// Check a file's first bytes against the format it is to be read as; an error names what
/// the file is and what to do.
pub fn check_content(path: &Path, format: Format) -> Result<(), IoError> {
    let file = path.display().to_string();
    let mut head = Vec::with_capacity(4096);
    {
        use std::io::Read;
        let f = std::fs::File::open(path).map_err(|source| IoError::Open {
            file: file.clone(),
            source,
        })?;
        f.take(4096)
            .read_to_end(&mut head)
            .map_err(|source| IoError::Open {
                file: file.clone(),
                source,
            })?;
    }
    let mut content = Content::of(&head);
    if content == Content::Ole {
        // The directory of an OLE file may lie past its first sectors: look at all of it.
        let whole = std::fs::read(path).map_err(|source| IoError::Open {
            file: file.clone(),
            source,
        })?;
        if Content::of(&whole) == Content::Encrypted {
            content = Content::Encrypted;
        }
    }
    if content == Content::Encrypted {
        return Err(IoError::Encrypted { file });
    }
    if content.format() == Some(format) {
        return Ok(());
    }
    // A UTF-16 text or any other text is still text to the CSV reader, which names its own
    // problems; only a known binary is a mismatch there.
    if format == Format::Csv && content == Content::Text {
        return Ok(());
    }
    let todo = match (content, content.format()) {
        (Content::Html, _) => {
            "open it in Excel or WPS and save it as .xlsx (or as CSV UTF-8), then read that file"
                .to_string()
        }
        (_, Some(f)) => format!(
            "give it the ending of its format, or name the format: format = \"{}\" under [data] in the study file, or --format {}",
            f.name(),
            f.name()
        ),
        (_, None) => format!("export the data as {KNOWN_ENDINGS} and read that file"),
    };
    Err(IoError::WrongFormat {
        file,
        expected: format.name().into(),
        found: content.describe().into(),
        todo,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_bytes_name_the_content() {
        assert_eq!(Content::of(b"PK\x03\x04rest"), Content::Zip);
        assert_eq!(Content::of(b"%PDF-1.7"), Content::Pdf);
        assert_eq!(Content::of(b"$FL2@(#) SPSS"), Content::Sav);
        assert_eq!(Content::of(b"<stata_dta><header>"), Content::Dta);
        assert_eq!(Content::of(&[0x72, 0x02, 0x01, 0x00]), Content::Dta);
        assert_eq!(Content::of(b"a,b\n1,2\n"), Content::Text);
        assert_eq!(
            Content::of(b"\xEF\xBB\xBF<html><body><table>"),
            Content::Html
        );
        let mut enc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        enc.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(Content::of(&enc), Content::Encrypted);
    }

    #[test]
    fn endings_and_names() {
        assert_eq!(Format::of_ending(Path::new("a.ZSAV")), Some(Format::Sav));
        assert_eq!(Format::of_ending(Path::new("a.pdf")), None);
        assert!(Format::resolve(Path::new("a.dat"), None).is_err());
        assert_eq!(
            Format::resolve(Path::new("a.dat"), Some(Format::Dta)),
            Ok(Format::Dta)
        );
    }
}
