//! SCTE 35 XML form (stub being written).

use crate::SpliceInfoSection;

/// Writes the XML form.
pub fn write(_section: &SpliceInfoSection, _prefix: &str) -> String {
    String::new()
}
