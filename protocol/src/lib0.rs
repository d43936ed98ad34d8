//! The lib0 primitives the wire is built from: variable-length unsigned integers, length-prefixed
//! byte arrays and strings.

/// Why a frame could not be read. `at` is the byte offset in the frame where reading failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the message ends early at byte {at}: expected {expected}")]
    UnexpectedEnd { at: usize, expected: &'static str },
    #[error("the number at byte {at} is longer than 64 bits")]
    IntegerTooLarge { at: usize },
    #[error("the length {length} at byte {at} runs past the end of the message")]
    LengthTooLarge { at: usize, length: u64 },
    #[error("unknown message type {message_type} at byte {at}")]
    UnknownMessageType { at: usize, message_type: u64 },
    #[error("unknown sync message type {sync_type} at byte {at}")]
    UnknownSyncType { at: usize, sync_type: u64 },
    #[error("unknown auth message type {auth_type} at byte {at}")]
    UnknownAuthType { at: usize, auth_type: u64 },
    #[error("the text at byte {at} is not valid UTF-8")]
    InvalidUtf8 { at: usize },
    #[error("the frame is empty")]
    EmptyFrame,
}

/// Reads lib0 primitives from a borrowed frame, remembering where it is for error messages.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    position: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, position: 0 }
    }

    pub(crate) fn position(&self) -> usize {
        self.position
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.position >= self.bytes.len()
    }

    /// A varUint: seven bits a byte, least significant group first, high bit set on every byte
    /// but the last.
    pub(crate) fn read_var_uint(&mut self, expected: &'static str) -> Result<u64, DecodeError> {
        let start = self.position;
        let mut value: u64 = 0;
        let mut shift = 0u32;
        loop {
            let Some(&byte) = self.bytes.get(self.position) else {
                return Err(DecodeError::UnexpectedEnd { at: self.position, expected });
            };
            self.position += 1;
            let group = u64::from(byte & 0x7f);
            if shift >= 64 || (shift > 0 && group >> (64 - shift) != 0) {
                return Err(DecodeError::IntegerTooLarge { at: start });
            }
            value |= group << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
            shift += 7;
        }
    }

    /// One byte.
    pub(crate) fn read_u8(&mut self, expected: &'static str) -> Result<u8, DecodeError> {
        let Some(&byte) = self.bytes.get(self.position) else {
            return Err(DecodeError::UnexpectedEnd { at: self.position, expected });
        };
        self.position += 1;
        Ok(byte)
    }

    /// `length` bytes as they are (a fixed-size number, for example).
    pub(crate) fn read_exact(&mut self, length: usize, expected: &'static str) -> Result<&'a [u8], DecodeError> {
        if self.bytes.len() - self.position < length {
            return Err(DecodeError::UnexpectedEnd { at: self.bytes.len(), expected });
        }
        let start = self.position;
        self.position += length;
        Ok(&self.bytes[start..self.position])
    }

    /// A signed varInt as lib0 writes it: the first byte holds a continuation bit, the sign and
    /// six bits; each later byte a continuation bit and seven.
    pub(crate) fn read_var_int(&mut self, expected: &'static str) -> Result<(), DecodeError> {
        let start = self.position;
        let first = self.read_u8(expected)?;
        let mut more = first & 0x80 != 0;
        let mut groups = 1;
        while more {
            let byte = self.read_u8(expected)?;
            more = byte & 0x80 != 0;
            groups += 1;
            // Six bits, then seven a byte: 64 bits need ten bytes.
            if groups > 10 {
                return Err(DecodeError::IntegerTooLarge { at: start });
            }
        }
        Ok(())
    }

    /// A varUint8Array: a varUint length, then that many bytes.
    pub(crate) fn read_var_bytes(&mut self, expected: &'static str) -> Result<&'a [u8], DecodeError> {
        let at = self.position;
        let length = self.read_var_uint(expected)?;
        let remaining = (self.bytes.len() - self.position) as u64;
        if length > remaining {
            return Err(DecodeError::LengthTooLarge { at, length });
        }
        let start = self.position;
        self.position += length as usize;
        Ok(&self.bytes[start..self.position])
    }

    /// A varString: a varUint8Array holding UTF-8.
    pub(crate) fn read_var_string(&mut self, expected: &'static str) -> Result<&'a str, DecodeError> {
        let at = self.position;
        let bytes = self.read_var_bytes(expected)?;
        std::str::from_utf8(bytes).map_err(|_| DecodeError::InvalidUtf8 { at })
    }
}

pub(crate) fn write_var_uint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

pub(crate) fn write_var_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    write_var_uint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// The number of bytes `write_var_uint` takes for `value`, so frames can be sized exactly.
pub(crate) fn var_uint_len(mut value: u64) -> usize {
    let mut length = 1;
    while value >= 0x80 {
        value >>= 7;
        length += 1;
    }
    length
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_var_uint(value: u64, expected: &[u8]) {
        let mut out = Vec::new();
        write_var_uint(&mut out, value);
        assert_eq!(out, expected, "encoding {value}");
        assert_eq!(var_uint_len(value), expected.len());
        let mut reader = Reader::new(expected);
        assert_eq!(reader.read_var_uint("n"), Ok(value));
        assert!(reader.is_empty());
    }

    #[test]
    fn var_uint_matches_lib0() {
        check_var_uint(0, &[0]);
        check_var_uint(1, &[1]);
        check_var_uint(127, &[0x7f]);
        check_var_uint(128, &[0x80, 0x01]);
        check_var_uint(300, &[0xac, 0x02]);
        check_var_uint(16_384, &[0x80, 0x80, 0x01]);
        // 2^53 - 1, JavaScript's largest safe integer, which lib0 can write.
        check_var_uint(9_007_199_254_740_991, &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]);
        check_var_uint(u64::MAX, &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    }

    #[test]
    fn var_uint_rejects_overflow_and_truncation() {
        let too_large = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02];
        assert_eq!(Reader::new(&too_large).read_var_uint("n"), Err(DecodeError::IntegerTooLarge { at: 0 }));
        assert_eq!(
            Reader::new(&[0x80, 0x80]).read_var_uint("n"),
            Err(DecodeError::UnexpectedEnd { at: 2, expected: "n" })
        );
    }

    #[test]
    fn var_bytes_rejects_a_length_past_the_end() {
        assert_eq!(
            Reader::new(&[5, 1, 2]).read_var_bytes("update"),
            Err(DecodeError::LengthTooLarge { at: 0, length: 5 })
        );
    }
}
