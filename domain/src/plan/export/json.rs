//! The JSON export: the [`ExportDocument`] itself, pretty-printed, under a format name that
//! other systems can check before they read it.

use serde::Serialize;

use crate::plan::model::ExportDocument;

/// The name and version of this JSON shape. A change that would break a reader changes it.
pub const FORMAT: &str = "kinplan-export/1";

#[derive(Serialize)]
struct Envelope<'a> {
    format: &'static str,
    #[serde(flatten)]
    document: &'a ExportDocument,
}

pub(super) fn render(document: &ExportDocument) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(&Envelope { format: FORMAT, document })
        .expect("an export document is strings and numbers, which always serialise");
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::export::testing;

    #[test]
    fn parses_back_into_the_same_document() {
        fn check(document: ExportDocument) {
            let bytes = render(&document);
            let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            assert_eq!(value["format"], FORMAT);
            let parsed: ExportDocument = serde_json::from_value(value).unwrap();
            assert_eq!(parsed, document);
        }
        check(testing::plain_document());
        check(testing::hostile_document());
        check(testing::empty_document());
    }

    #[test]
    fn starts_with_the_format_and_is_pretty() {
        let text = String::from_utf8(render(&testing::plain_document())).unwrap();
        assert!(text.starts_with("{\n  \"format\": \"kinplan-export/1\",\n  \"meeting_title\": "), "{text}");
        assert!(text.contains(&format!("\"hash\": \"{}\"", testing::HASH_3)));
    }
}
