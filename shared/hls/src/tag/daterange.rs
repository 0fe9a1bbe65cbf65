//! `#EXT-X-DATERANGE` (§4.4.5.1): ID, CLASS, START-DATE, CUE, END-DATE, DURATION,
//! PLANNED-DURATION, END-ON-NEXT, SCTE35-CMD/OUT/IN (§4.4.5.1.1) and client `X-` attributes.

use crate::attr::AttrValue;
use crate::date_time::DateTime;
use crate::error::ParseError;
use crate::tag::{AttrTag, attr_tag, quoted};

attr_tag!(
    /// `#EXT-X-DATERANGE:<attribute-list>`
    DateRange, DateRange
);

impl DateRange<'_> {
    /// A new DATERANGE with ID and START-DATE (the date-time text is written as given).
    pub fn new(id: &str, start_date: &str) -> Result<DateRange<'static>, ParseError> {
        let mut attrs = crate::attr::AttrList::new();
        quoted(&mut attrs, "ID", id)?;
        DateTime::parse(start_date).map_err(|e| e.at(0, "EXT-X-DATERANGE START-DATE"))?;
        quoted(&mut attrs, "START-DATE", start_date)?;
        Ok(DateRange::from_attrs(attrs, 0))
    }

    /// ID (required).
    pub fn id(&self) -> Result<&str, ParseError> {
        self.string("ID")?.ok_or_else(|| self.missing("ID"))
    }
    /// CLASS
    pub fn class(&self) -> Result<Option<&str>, ParseError> {
        self.string("CLASS")
    }
    /// START-DATE as written (REQUIRED by the spec, but absent in delta updates of dateranges
    /// already sent, so it is optional here).
    pub fn start_date_raw(&self) -> Result<Option<&str>, ParseError> {
        self.string("START-DATE")
    }
    /// START-DATE parsed.
    pub fn start_date(&self) -> Result<Option<DateTime<'_>>, ParseError> {
        self.read("START-DATE", |v| DateTime::parse(v.unquoted()))
    }
    /// END-DATE parsed.
    pub fn end_date(&self) -> Result<Option<DateTime<'_>>, ParseError> {
        self.read("END-DATE", |v| DateTime::parse(v.unquoted()))
    }
    /// CUE (enumerated-string-list in a quoted-string: PRE, POST, ONCE).
    pub fn cue(&self) -> Result<Option<&str>, ParseError> {
        self.string("CUE")
    }
    /// DURATION in seconds.
    pub fn duration(&self) -> Result<Option<f64>, ParseError> {
        self.float("DURATION")
    }
    /// PLANNED-DURATION in seconds.
    pub fn planned_duration(&self) -> Result<Option<f64>, ParseError> {
        self.float("PLANNED-DURATION")
    }
    /// END-ON-NEXT=YES
    pub fn end_on_next(&self) -> Result<bool, ParseError> {
        Ok(self.yes_no("END-ON-NEXT")?.unwrap_or(false))
    }
    /// SCTE35-CMD as written (`0x…`).
    pub fn scte35_cmd_raw(&self) -> Option<&str> {
        self.attrs().get("SCTE35-CMD").map(AttrValue::raw)
    }
    /// SCTE35-OUT as written.
    pub fn scte35_out_raw(&self) -> Option<&str> {
        self.attrs().get("SCTE35-OUT").map(AttrValue::raw)
    }
    /// SCTE35-IN as written.
    pub fn scte35_in_raw(&self) -> Option<&str> {
        self.attrs().get("SCTE35-IN").map(AttrValue::raw)
    }
    /// SCTE35-CMD as bytes (the splice_info_section).
    pub fn scte35_cmd(&self) -> Result<Option<Vec<u8>>, ParseError> {
        self.read("SCTE35-CMD", |v| v.hex_sequence())
    }
    /// SCTE35-OUT as bytes.
    pub fn scte35_out(&self) -> Result<Option<Vec<u8>>, ParseError> {
        self.read("SCTE35-OUT", |v| v.hex_sequence())
    }
    /// SCTE35-IN as bytes.
    pub fn scte35_in(&self) -> Result<Option<Vec<u8>>, ParseError> {
        self.read("SCTE35-IN", |v| v.hex_sequence())
    }
    /// Client-defined `X-<name>` attributes, values raw.
    pub fn client_attributes(&self) -> impl Iterator<Item = (&str, AttrValue<'_>)> {
        self.attrs().iter().filter(|(n, _)| n.starts_with("X-"))
    }
}
