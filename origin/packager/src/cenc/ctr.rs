//! `cenc` (ISO/IEC 23001-7 §10.1): AES-128 CTR over the protected bytes of a sample.
//!
//! The 8-byte per-sample IV fills the counter block's high half, the low 64 bits are the block
//! counter starting at 0 (§9.2). The keystream runs on across the sample's subsamples: the
//! protected ranges are processed as one concatenated stream. Encryption and decryption are
//! the same operation ([`apply`]).

use aes::Aes128;
use aes::cipher::{Block, BlockCipherEncrypt, KeyInit};
use ottedge_cmaf::Subsample;

/// Keystream blocks made `BATCH` at a time, so AES runs on several blocks in parallel.
const BATCH: usize = 8;

struct Keystream {
    aes: Aes128,
    iv: [u8; 8],
    counter: u64,
    blocks: [Block<Aes128>; BATCH],
    stream: [u8; BATCH * 16],
    /// Next keystream byte index within `blocks`.
    at: usize,
}

impl Keystream {
    fn refill(&mut self) {
        for block in &mut self.blocks {
            let (high, low) = block.split_at_mut(8);
            high.copy_from_slice(&self.iv);
            low.copy_from_slice(&self.counter.to_be_bytes());
            self.counter = self.counter.wrapping_add(1);
        }
        self.aes.encrypt_blocks(&mut self.blocks);
        for (out, block) in self.stream.chunks_exact_mut(16).zip(&self.blocks) {
            out.copy_from_slice(block);
        }
        self.at = 0;
    }

    /// XORs the next `data.len()` keystream bytes into `data`.
    fn xor(&mut self, mut data: &mut [u8]) {
        while !data.is_empty() {
            if self.at == BATCH * 16 {
                self.refill();
            }
            let avail = self.stream.get(self.at..).unwrap_or_default();
            let n = avail.len().min(data.len());
            let (now, rest) = data.split_at_mut(n);
            for (d, k) in now.iter_mut().zip(avail) {
                *d ^= k;
            }
            self.at += n;
            data = rest;
        }
    }
}

/// XORs the keystream into every protected byte of `sample`.
///
/// # Errors
/// The subsamples do not add up to the sample's length.
pub fn apply(
    key: &[u8; 16],
    iv: &[u8; 8],
    sample: &mut [u8],
    subsamples: &[Subsample],
) -> Result<(), String> {
    let total: usize = subsamples
        .iter()
        .map(|s| usize::from(s.clear_bytes) + s.protected_bytes as usize)
        .sum();
    if total != sample.len() {
        return Err(format!(
            "subsamples cover {total} bytes, the sample has {}",
            sample.len()
        ));
    }
    let aes = Aes128::new(&(*key).into());
    let mut ks = Keystream {
        aes,
        iv: *iv,
        counter: 0,
        blocks: [Block::<Aes128>::default(); BATCH],
        stream: [0; BATCH * 16],
        at: BATCH * 16,
    };
    let mut at = 0usize;
    for s in subsamples {
        at += usize::from(s.clear_bytes);
        let end = at + s.protected_bytes as usize;
        ks.xor(sample.get_mut(at..end).unwrap_or_default());
        at = end;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keystream_continues_across_subsamples() {
        let key = [3u8; 16];
        let iv = [4u8; 8];
        let mut whole = vec![0u8; 48];
        apply(
            &key,
            &iv,
            &mut whole,
            &[Subsample {
                clear_bytes: 0,
                protected_bytes: 48,
            }],
        )
        .unwrap();
        let mut split = vec![0u8; 5 + 16 + 7 + 32];
        let subs = [
            Subsample {
                clear_bytes: 5,
                protected_bytes: 16,
            },
            Subsample {
                clear_bytes: 7,
                protected_bytes: 32,
            },
        ];
        apply(&key, &iv, &mut split, &subs).unwrap();
        assert_eq!(&split[5..21], &whole[..16]);
        assert_eq!(&split[28..], &whole[16..]);
        assert_eq!(&split[..5], &[0; 5]);
        apply(&key, &iv, &mut split, &subs).unwrap();
        assert!(split.iter().all(|b| *b == 0));
    }
}
