//! `private_command()` (SCTE 35 §9.7.6, Table 13).

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::bits::{BitReader, BitWriter};

/// `private_command()`: a 32-bit `identifier` (registered format identifier) and the private
/// bytes that fill the rest of `splice_command_length`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PrivateCommand {
    /// `identifier` (SMPTE RA format identifier, e.g. `0x43554549` "CUEI").
    pub identifier: u32,
    /// `private_byte`s, hex in JSON.
    #[serde(with = "crate::json::hex")]
    pub private_bytes: Vec<u8>,
}

impl PrivateCommand {
    /// Decodes from exactly the command's bytes.
    pub(crate) fn decode(r: &mut BitReader<'_>) -> Result<Self, Error> {
        let identifier = r.u32(32, "identifier")?;
        Ok(Self {
            identifier,
            private_bytes: r.rest().to_vec(),
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) -> Result<(), Error> {
        w.bits(u64::from(self.identifier), 32, "private_command.identifier")?;
        w.bytes(&self.private_bytes);
        Ok(())
    }
}
