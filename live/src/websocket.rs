//! The WebSocket protocol (RFC 6455), server side, on a connection hyper has upgraded.
//!
//! tungstenite parses and formats the frame headers and derives the handshake's accept key; this
//! module reads and writes the frames itself, because of what docs/BENCHMARKS.md measured with
//! tungstenite's own socket:
//! - An idle connection here holds no buffer. tungstenite keeps a read buffer for the whole life of
//!   a connection (1 KiB at the least, times every connection), and a write buffer as large as
//!   the largest message the connection ever sent.
//! - A message goes out from the buffer a document shares among its connections, header and
//!   payload in one vectored write. tungstenite first copies each payload into the connection's
//!   own write buffer: a hundred people joining a 5 MB plan cost 500 MB of copies.
//!
//! No extension is negotiated (browsers offer compression; the answer leaves it out), and no
//! subprotocol.

use std::collections::VecDeque;
use std::io::{self, Cursor, IoSlice};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::{Buf, BufMut, Bytes, BytesMut};
use hyper::upgrade::Upgraded;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tungstenite::protocol::frame::coding::{Control, Data, OpCode};
use tungstenite::protocol::frame::FrameHeader;

/// A socket on an upgraded HTTP connection.
pub type WebSocket = Socket<TokioIo<Upgraded>>;

/// The largest payload a control frame may carry.
const MAX_CONTROL_PAYLOAD: u64 = 125;

/// Bytes read at once while no frame's payload is under way: enough for many small messages that
/// arrive together, on the stack rather than kept with the connection.
const READ_CHUNK: usize = 4096;

/// The longest header a server writes: no mask, and a 64-bit length.
const MAX_SERVER_HEADER: usize = 10;

/// The most queued frames sent in one write.
const MAX_FRAMES_PER_WRITE: usize = 64;

/// What the client sent: a whole message, or a control frame.
#[derive(Debug, PartialEq, Eq)]
pub enum Incoming {
    Binary(Bytes),
    /// A text message; its content is not kept, since nothing here reads text.
    Text,
    Ping(Bytes),
    Pong,
    /// The client is closing, with the code it gave if any.
    Close(Option<u16>),
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The client broke the protocol; the socket should close with 1002.
    #[error("{0}")]
    Protocol(&'static str),
    /// A message over the limit; the socket should close with 1009.
    #[error("a message of {size} bytes or more, over the limit of {max}")]
    TooBig { size: u64, max: usize },
}

/// One side of a WebSocket: reads the client's messages and writes frames to it.
pub struct Socket<Io> {
    io: Io,
    /// What has been read of the client's frames; it holds no buffer between frames.
    reader: FrameReader,
    /// Frames queued and not yet wholly written, allocated only while it holds something.
    queued: VecDeque<Queued>,
    /// How much of the first queued frame (header, then payload) the socket has taken.
    front_written: usize,
}

/// A frame waiting in a socket's queue. A binary payload is the buffer the sender shares with
/// other sockets, never a copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Queued {
    Binary(Bytes),
    Ping,
    Pong(Bytes),
}

impl Queued {
    fn opcode_and_payload(&self) -> (OpCode, &[u8]) {
        match self {
            Queued::Binary(payload) => (OpCode::Data(Data::Binary), payload),
            Queued::Ping => (OpCode::Control(Control::Ping), &[]),
            Queued::Pong(payload) => (OpCode::Control(Control::Pong), payload),
        }
    }
}

/// What one call to `poll_flush` completed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Flushed {
    /// Frames wholly written.
    pub frames: usize,
    /// Their payload bytes.
    pub bytes: usize,
}

/// A frame to send.
#[derive(Debug, Clone, Copy)]
pub enum Outgoing<'a> {
    Binary(&'a [u8]),
    Ping,
    Pong(&'a [u8]),
    /// A close frame with a code and a reason; a reason over 123 bytes is cut to fit.
    Close(u16, &'a str),
}

impl<Io: AsyncRead + AsyncWrite + Unpin> Socket<Io> {
    pub fn new(io: Io, max_message: usize) -> Self {
        Socket { io, reader: FrameReader::new(max_message), queued: VecDeque::new(), front_written: 0 }
    }

    /// Frames queued and not yet wholly written.
    pub fn queued(&self) -> usize {
        self.queued.len()
    }

    /// Queues a frame for `poll_flush` to write.
    pub fn queue(&mut self, frame: Queued) {
        self.queued.push_back(frame);
    }

    /// Writes queued frames, up to 64 in one vectored write, until all are written (then the
    /// queue's buffer is freed) or the socket would block (then the task is woken when it can
    /// take more). A frame may be written in part; the next call goes on from there. What was
    /// written whole is added to `flushed`, also when a write then fails.
    pub fn poll_flush(&mut self, cx: &mut Context<'_>, flushed: &mut Flushed) -> io::Result<()> {
        while !self.queued.is_empty() {
            let mut headers = [([0u8; MAX_SERVER_HEADER], 0usize); MAX_FRAMES_PER_WRITE];
            let mut slices = [IoSlice::new(&[]); 2 * MAX_FRAMES_PER_WRITE];
            let frames = self.queued.len().min(MAX_FRAMES_PER_WRITE);
            for (frame, header) in self.queued.iter().zip(headers.iter_mut()) {
                let (opcode, payload) = frame.opcode_and_payload();
                *header = server_header(opcode, payload.len());
            }
            for (index, (frame, (header, header_length))) in self.queued.iter().zip(headers.iter()).enumerate() {
                slices[2 * index] = IoSlice::new(&header[..*header_length]);
                slices[2 * index + 1] = IoSlice::new(frame.opcode_and_payload().1);
            }
            let mut unwritten = &mut slices[..2 * frames];
            IoSlice::advance_slices(&mut unwritten, self.front_written);
            let written = match Pin::new(&mut self.io).poll_write_vectored(cx, unwritten) {
                Poll::Pending => return Ok(()),
                Poll::Ready(Ok(0)) => return Err(io::ErrorKind::WriteZero.into()),
                Poll::Ready(Ok(written)) => written,
                Poll::Ready(Err(error)) => return Err(error),
            };
            self.front_written += written;
            // Only frames of this write can have been wholly written: their headers are above.
            for (_, header_length) in &headers[..frames] {
                let payload_length = self.queued.front().expect("a frame of this write").opcode_and_payload().1.len();
                let length = header_length + payload_length;
                if self.front_written < length {
                    break;
                }
                self.front_written -= length;
                flushed.frames += 1;
                flushed.bytes += payload_length;
                self.queued.pop_front();
            }
        }
        if self.queued.capacity() > 0 {
            self.queued = VecDeque::new();
        }
        Ok(())
    }

    /// Finishes the frame under way, if one was written in part, drops the rest of the queue, and
    /// sends a close frame with `code` and `reason`.
    pub async fn close(&mut self, code: u16, reason: &str) -> io::Result<()> {
        self.queued.truncate(usize::from(self.front_written > 0));
        std::future::poll_fn(|cx| match self.poll_flush(cx, &mut Flushed::default()) {
            Ok(()) if !self.queued.is_empty() => Poll::Pending,
            done => Poll::Ready(done),
        })
        .await?;
        self.send(&[Outgoing::Close(code, reason)]).await
    }

    /// The next message or control frame; `None` once the client has gone without closing.
    ///
    /// Cancel-safe: what a cancelled call had read stays here for the next.
    pub async fn recv(&mut self) -> Option<Result<Incoming, ReadError>> {
        std::future::poll_fn(|cx| self.poll_recv(cx)).await
    }

    pub fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Incoming, ReadError>>> {
        loop {
            match self.reader.next() {
                Ok(Some(incoming)) => return Poll::Ready(Some(Ok(incoming))),
                Ok(None) => {}
                Err(error) => return Poll::Ready(Some(Err(error))),
            }
            match ready!(self.poll_read_more(cx)) {
                Ok(0) => return Poll::Ready(None),
                Ok(_) => {}
                Err(error) => return Poll::Ready(Some(Err(ReadError::Io(error)))),
            }
        }
    }

    /// Reads straight into the payload of the frame under way (never past its end), or, between
    /// frames, a chunk on the stack that the reader keeps what it needs of. Gives the number of
    /// bytes read; 0 at the end of the stream.
    fn poll_read_more(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        if let Some(mut payload) = self.reader.payload_space() {
            return tokio_util::io::poll_read_buf(Pin::new(&mut self.io), cx, &mut payload);
        }
        let mut chunk = [0u8; READ_CHUNK];
        let mut read = ReadBuf::new(&mut chunk);
        ready!(Pin::new(&mut self.io).poll_read(cx, &mut read))?;
        self.reader.feed(read.filled());
        Poll::Ready(Ok(read.filled().len()))
    }

    /// Sends `frames` in order: their headers and payloads in one vectored write where the socket
    /// takes it all, with no copy of the payloads.
    pub async fn send(&mut self, frames: &[Outgoing<'_>]) -> io::Result<()> {
        let close_payloads: Vec<Vec<u8>> = frames
            .iter()
            .filter_map(|frame| match frame {
                Outgoing::Close(code, reason) => {
                    Some([&code.to_be_bytes()[..], fit_close_reason(reason).as_bytes()].concat())
                }
                _ => None,
            })
            .collect();
        let mut close_payload = close_payloads.iter();
        let mut headers = Vec::with_capacity(frames.len());
        let mut payloads: Vec<&[u8]> = Vec::with_capacity(frames.len());
        for frame in frames {
            let (opcode, payload): (OpCode, &[u8]) = match *frame {
                Outgoing::Binary(payload) => (OpCode::Data(Data::Binary), payload),
                Outgoing::Ping => (OpCode::Control(Control::Ping), &[]),
                Outgoing::Pong(payload) => (OpCode::Control(Control::Pong), payload),
                Outgoing::Close(..) => {
                    (OpCode::Control(Control::Close), close_payload.next().expect("one payload per close frame"))
                }
            };
            headers.push(server_header(opcode, payload.len()));
            payloads.push(payload);
        }
        let mut slices: Vec<IoSlice<'_>> = Vec::with_capacity(2 * frames.len());
        for ((header, header_length), payload) in headers.iter().zip(&payloads) {
            slices.push(IoSlice::new(&header[..*header_length]));
            if !payload.is_empty() {
                slices.push(IoSlice::new(payload));
            }
        }
        let mut unwritten = &mut slices[..];
        while !unwritten.is_empty() {
            let written = self.io.write_vectored(unwritten).await?;
            if written == 0 {
                return Err(io::ErrorKind::WriteZero.into());
            }
            IoSlice::advance_slices(&mut unwritten, written);
        }
        self.io.flush().await
    }
}

/// A frame read so far: its header and as much of its payload as has arrived, in a buffer of the
/// payload's exact size.
struct PartialFrame {
    header: FrameHeader,
    length: u64,
    payload: BytesMut,
}

/// Reads a client's frames with no IO: bytes go in as they arrive ([`FrameReader::feed`], or
/// straight into [`FrameReader::payload_space`]); whole messages and control frames come out of
/// [`FrameReader::next`], or the reason to close.
///
/// It holds no buffer between frames: what arrives beyond the frame under way is kept only until
/// it is used, and a frame's payload goes into a buffer of its exact size, allocated once its
/// declared length was checked against the limit.
pub struct FrameReader {
    max_message: usize,
    /// Bytes read beyond the frame under way, usually the next frames: allocated only while it
    /// holds something.
    pending: BytesMut,
    frame: Option<PartialFrame>,
    /// The earlier frames of a fragmented message: whether it is text, and their payloads.
    fragments: Option<(bool, BytesMut)>,
}

impl FrameReader {
    /// A reader of messages of at most `max_message` bytes.
    pub fn new(max_message: usize) -> Self {
        FrameReader { max_message, pending: BytesMut::new(), frame: None, fragments: None }
    }

    /// Room for the rest of the payload of the frame under way, so that the bytes that come next
    /// can be read straight into it; `None` between frames, when bytes go to `feed`.
    pub fn payload_space(&mut self) -> Option<bytes::buf::Limit<&mut BytesMut>> {
        let frame = self.frame.as_mut()?;
        let remaining = frame.length as usize - frame.payload.len();
        (remaining > 0).then(|| (&mut frame.payload).limit(remaining))
    }

    /// Takes bytes that arrived: the payload of the frame under way first, the rest kept until
    /// `next` reads it.
    pub fn feed(&mut self, mut bytes: &[u8]) {
        if let Some(mut payload) = self.payload_space() {
            let take = payload.remaining_mut().min(bytes.len());
            payload.put_slice(&bytes[..take]);
            bytes = &bytes[take..];
        }
        if !bytes.is_empty() {
            self.pending.extend_from_slice(bytes);
        }
    }

    /// Feeds `bytes` as the socket may: when `straight_into_payload` and a frame's payload is
    /// under way, as much as fits goes straight into its buffer and the rest through
    /// [`feed`](Self::feed); else all through `feed`. For tests and fuzzing, which read a wire in
    /// pieces both ways.
    pub fn feed_piece(&mut self, bytes: &[u8], straight_into_payload: bool) {
        match self.payload_space() {
            Some(mut payload) if straight_into_payload => {
                let take = payload.remaining_mut().min(bytes.len());
                payload.put_slice(&bytes[..take]);
                self.feed(&bytes[take..]);
            }
            _ => self.feed(bytes),
        }
    }

    /// The next whole message or control frame in what was fed, or `None` until more arrives.
    /// An error is the reason to close ([`ReadError::Protocol`] or [`ReadError::TooBig`], never
    /// [`ReadError::Io`]); what the reader gives after one means nothing.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<Incoming>, ReadError> {
        loop {
            if self.frame.is_none() {
                let mut cursor = Cursor::new(&self.pending[..]);
                // Reading from memory, parsing fails only on an opcode the protocol does not define.
                let parsed = FrameHeader::parse(&mut cursor).map_err(|_| ReadError::Protocol("unknown opcode"))?;
                let Some((header, length)) = parsed else {
                    self.release_pending();
                    return Ok(None);
                };
                let header_length = cursor.position() as usize;
                self.check(&header, length)?;
                self.pending.advance(header_length);
                self.frame = Some(PartialFrame { header, length, payload: BytesMut::with_capacity(length as usize) });
            }
            let frame = self.frame.as_mut().expect("set above");
            let take = (frame.length as usize - frame.payload.len()).min(self.pending.len());
            frame.payload.extend_from_slice(&self.pending[..take]);
            self.pending.advance(take);
            let incomplete = frame.payload.len() < frame.length as usize;
            self.release_pending();
            if incomplete {
                return Ok(None);
            }
            let frame = self.frame.take().expect("set above");
            if let Some(incoming) = self.complete(frame)? {
                return Ok(Some(incoming));
            }
        }
    }

    /// True when the reader holds no buffer: between frames, with nothing left over.
    pub fn holds_nothing(&self) -> bool {
        self.pending.capacity() == 0 && self.frame.is_none() && self.fragments.is_none()
    }

    /// Frees `pending` once it is empty, so an idle connection keeps no buffer.
    fn release_pending(&mut self) {
        if self.pending.is_empty() && self.pending.capacity() > 0 {
            self.pending = BytesMut::new();
        }
    }

    /// Refuses a frame header the protocol forbids, or one that would make a message too big,
    /// before its payload is read.
    fn check(&self, header: &FrameHeader, length: u64) -> Result<(), ReadError> {
        if header.rsv1 || header.rsv2 || header.rsv3 {
            return Err(ReadError::Protocol("reserved bits set, with no extension agreed"));
        }
        if header.mask.is_none() {
            return Err(ReadError::Protocol("a client's frames must be masked"));
        }
        // RFC 6455 §5.2: the most significant bit of a 64-bit length must be 0.
        if length >> 63 != 0 {
            return Err(ReadError::Protocol("a 64-bit length with its top bit set"));
        }
        match header.opcode {
            OpCode::Control(Control::Reserved(_)) | OpCode::Data(Data::Reserved(_)) => {
                Err(ReadError::Protocol("unknown opcode"))
            }
            OpCode::Control(_) if !header.is_final => Err(ReadError::Protocol("a control frame may not be fragmented")),
            OpCode::Control(_) if length > MAX_CONTROL_PAYLOAD => {
                Err(ReadError::Protocol("a control frame may carry at most 125 bytes"))
            }
            OpCode::Control(_) => Ok(()),
            OpCode::Data(Data::Continue) if self.fragments.is_none() => {
                Err(ReadError::Protocol("a continuation frame outside a message"))
            }
            OpCode::Data(Data::Text | Data::Binary) if self.fragments.is_some() => {
                Err(ReadError::Protocol("a new message began before the last one ended"))
            }
            OpCode::Data(_) => {
                let earlier = self.fragments.as_ref().map_or(0, |(_, payload)| payload.len() as u64);
                let size = earlier.saturating_add(length);
                if size > self.max_message as u64 {
                    return Err(ReadError::TooBig { size, max: self.max_message });
                }
                Ok(())
            }
        }
    }

    /// A whole frame: unmasked, and given back when it completes a message or is a control frame.
    fn complete(&mut self, frame: PartialFrame) -> Result<Option<Incoming>, ReadError> {
        let PartialFrame { header, mut payload, .. } = frame;
        unmask(&mut payload, header.mask.expect("checked: masked"));
        let message = match header.opcode {
            OpCode::Control(Control::Close) => return close_frame(&payload).map(Some),
            OpCode::Control(Control::Ping) => return Ok(Some(Incoming::Ping(payload.freeze()))),
            OpCode::Control(Control::Pong) => return Ok(Some(Incoming::Pong)),
            OpCode::Control(Control::Reserved(_)) | OpCode::Data(Data::Reserved(_)) => {
                unreachable!("refused by check")
            }
            OpCode::Data(Data::Continue) => {
                let (is_text, mut earlier) = self.fragments.take().expect("checked: a message is under way");
                earlier.extend_from_slice(&payload);
                (is_text, earlier)
            }
            OpCode::Data(data) => (data == Data::Text, payload),
        };
        if !header.is_final {
            self.fragments = Some(message);
            return Ok(None);
        }
        let (is_text, payload) = message;
        Ok(Some(if is_text { Incoming::Text } else { Incoming::Binary(payload.freeze()) }))
    }
}

/// A client's close frame, checked: no payload, or a code a client may send (RFC 6455 §7.4) and a
/// reason in UTF-8.
fn close_frame(payload: &[u8]) -> Result<Incoming, ReadError> {
    let (code, reason) = match payload {
        [] => return Ok(Incoming::Close(None)),
        [_] => return Err(ReadError::Protocol("a close frame's code must be two bytes")),
        [high, low, reason @ ..] => (u16::from_be_bytes([*high, *low]), reason),
    };
    if !is_allowed_close_code(code) {
        return Err(ReadError::Protocol("a close code a client may not send"));
    }
    if std::str::from_utf8(reason).is_err() {
        return Err(ReadError::Protocol("a close reason that is not UTF-8"));
    }
    Ok(Incoming::Close(Some(code)))
}

/// Whether a peer may send `code` in a close frame. RFC 6455 §7.4 defines 1000-1003 and
/// 1007-1011; 1004 is reserved, and 1005, 1006 and 1015 must never be sent; below 1000 is unused,
/// and 1012-2999 are for later versions of the protocol (IANA has since registered 1012-1014 as
/// server conditions: service restart, try again later, bad gateway, which a browser has no reason
/// to send). 3000-4999 are for libraries and applications. Autobahn's case 7.9 expects 1002 for
/// 0, 999, 1004-1006, 1016, 1100, 2000 and 2999, its case 7.7 a clean close for the rest.
fn is_allowed_close_code(code: u16) -> bool {
    matches!(code, 1000..=1003 | 1007..=1011 | 3000..=4999)
}

/// The header of an unmasked, final frame with `length` bytes of payload, and its length.
fn server_header(opcode: OpCode, length: usize) -> ([u8; MAX_SERVER_HEADER], usize) {
    let header = FrameHeader { is_final: true, rsv1: false, rsv2: false, rsv3: false, opcode, mask: None };
    let mut bytes = [0u8; MAX_SERVER_HEADER];
    let mut cursor = Cursor::new(&mut bytes[..]);
    header.format(length as u64, &mut cursor).expect("a server's header fits in 10 bytes");
    let written = cursor.position() as usize;
    (bytes, written)
}

/// A close frame's reason may hold at most 123 bytes (a control frame carries 125, the code takes
/// two); a longer one is cut at a character boundary.
fn fit_close_reason(reason: &str) -> &str {
    const MAX: usize = MAX_CONTROL_PAYLOAD as usize - 2;
    if reason.len() <= MAX {
        return reason;
    }
    let mut end = MAX;
    while !reason.is_char_boundary(end) {
        end -= 1;
    }
    &reason[..end]
}

/// Undoes the client's masking of a payload.
fn unmask(payload: &mut [u8], mask: [u8; 4]) {
    let mut words = payload.chunks_exact_mut(4);
    for word in &mut words {
        for (byte, key) in word.iter_mut().zip(mask) {
            *byte ^= key;
        }
    }
    for (byte, key) in words.into_remainder().iter_mut().zip(mask) {
        *byte ^= key;
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::{duplex, AsyncReadExt, DuplexStream};

    use super::*;

    const MASK: [u8; 4] = [0x37, 0xfa, 0x21, 0x3d];

    /// A frame as a client sends it: masked, with the given first byte (FIN, RSV and opcode).
    fn client_frame(first: u8, payload: &[u8]) -> Vec<u8> {
        let mut frame = vec![first];
        match payload.len() {
            length @ 0..=125 => frame.push(0x80 | length as u8),
            length @ 126..=65535 => {
                frame.push(0x80 | 126);
                frame.extend_from_slice(&(length as u16).to_be_bytes());
            }
            length => {
                frame.push(0x80 | 127);
                frame.extend_from_slice(&(length as u64).to_be_bytes());
            }
        }
        frame.extend_from_slice(&MASK);
        frame.extend(payload.iter().enumerate().map(|(index, byte)| byte ^ MASK[index % 4]));
        frame
    }

    const FIN: u8 = 0x80;
    const BINARY: u8 = 0x2;

    fn pair(max_message: usize) -> (Socket<DuplexStream>, DuplexStream) {
        let (server, client) = duplex(1 << 20);
        (Socket::new(server, max_message), client)
    }

    async fn next(socket: &mut Socket<DuplexStream>) -> Result<Incoming, ReadError> {
        socket.recv().await.expect("the stream is open")
    }

    #[tokio::test]
    async fn reads_messages_that_arrive_together_in_pieces_and_fragments() {
        let (mut socket, mut client) = pair(1 << 20);
        let large: Vec<u8> = (0..200_000u32).map(|index| (index % 251) as u8).collect();
        let mut wire = client_frame(FIN | BINARY, b"one");
        wire.extend(client_frame(FIN | BINARY, &large));
        wire.extend(client_frame(BINARY, b"fragm"));
        wire.extend(client_frame(FIN | 0x9, b"ping in between"));
        wire.extend(client_frame(FIN, b"ented"));
        wire.extend(client_frame(FIN | 0x1, "text".as_bytes()));
        wire.extend(client_frame(FIN | 0x8, &1001u16.to_be_bytes()));
        // Written a few bytes at a time, so headers and payloads arrive split anywhere.
        let writer = tokio::spawn(async move {
            for piece in wire.chunks(7919) {
                client.write_all(piece).await.unwrap();
            }
            client
        });
        assert_eq!(next(&mut socket).await.unwrap(), Incoming::Binary(Bytes::from_static(b"one")));
        assert_eq!(next(&mut socket).await.unwrap(), Incoming::Binary(Bytes::from(large)));
        assert_eq!(next(&mut socket).await.unwrap(), Incoming::Ping(Bytes::from_static(b"ping in between")));
        assert_eq!(next(&mut socket).await.unwrap(), Incoming::Binary(Bytes::from_static(b"fragmented")));
        assert_eq!(next(&mut socket).await.unwrap(), Incoming::Text);
        assert_eq!(next(&mut socket).await.unwrap(), Incoming::Close(Some(1001)));
        drop(writer.await.unwrap());
        assert!(socket.recv().await.is_none(), "the end of the stream ends the socket");
        assert!(socket.reader.holds_nothing(), "nothing is kept once everything was read");
    }

    /// What a reader gives for `wire`, one line per message or control frame, and the error last:
    /// `binary 6f6e65`, `text`, `ping 6869`, `pong`, `close`, `close 1000`, `1002: reason` or
    /// `1009: reason`.
    fn read_all(wire: &[u8], max_message: usize, pieces: &[usize], straight_into_payload: bool) -> Vec<String> {
        let mut reader = FrameReader::new(max_message);
        let mut out = Vec::new();
        let mut rest = wire;
        let mut piece = pieces.iter().cycle();
        loop {
            loop {
                match reader.next() {
                    Ok(Some(incoming)) => out.push(describe(&incoming)),
                    Ok(None) => break,
                    Err(ReadError::Protocol(reason)) => return [out, vec![format!("1002: {reason}")]].concat(),
                    Err(error @ ReadError::TooBig { .. }) => return [out, vec![format!("1009: {error}")]].concat(),
                    Err(error @ ReadError::Io(_)) => panic!("a reader does no IO: {error}"),
                }
            }
            if rest.is_empty() {
                assert!(reader.frame.is_some() || reader.pending.capacity() == 0, "a buffer kept between frames");
                return out;
            }
            let (bytes, after) = rest.split_at((*piece.next().unwrap()).min(rest.len()));
            rest = after;
            reader.feed_piece(bytes, straight_into_payload);
        }
    }

    fn describe(incoming: &Incoming) -> String {
        let hex = |bytes: &[u8]| bytes.iter().map(|byte| format!("{byte:02x}")).collect::<String>();
        match incoming {
            Incoming::Binary(payload) => format!("binary {}", hex(payload)),
            Incoming::Text => "text".into(),
            Incoming::Ping(payload) => format!("ping {}", hex(payload)),
            Incoming::Pong => "pong".into(),
            Incoming::Close(None) => "close".into(),
            Incoming::Close(Some(code)) => format!("close {code}"),
        }
    }

    /// Reads `wire` whole, a byte at a time, in pieces of a few sizes, by `feed` alone and with
    /// payloads read straight into their buffers: each way gives `expected`, where an error's
    /// line need only start with what `expected` says.
    #[track_caller]
    fn check(wire: &[u8], expected: &[&str]) {
        for pieces in [&[usize::MAX][..], &[1], &[2, 3], &[7, 1, 4096], &[126, 5]] {
            for straight_into_payload in [false, true] {
                let got = read_all(wire, 1000, pieces, straight_into_payload);
                let matches = got.len() == expected.len()
                    && got.iter().zip(expected).all(|(got, expected)| got == expected || got.starts_with(expected));
                assert!(
                    matches,
                    "pieces {pieces:?}, straight {straight_into_payload}: got {got:#?}, expected {expected:#?}"
                );
            }
        }
    }

    fn close_frame_with(code: u16, reason: &[u8]) -> Vec<u8> {
        client_frame(FIN | 0x8, &[&code.to_be_bytes()[..], reason].concat())
    }

    #[test]
    fn reads_messages_control_frames_and_fragments_however_they_are_split() {
        check(&[], &[]);
        check(&client_frame(FIN | BINARY, b"one"), &["binary 6f6e65"]);
        check(&client_frame(FIN | BINARY, b""), &["binary "]);
        check(
            &[
                client_frame(FIN | BINARY, b"a"),
                client_frame(BINARY, b"fr"),
                client_frame(FIN | 0x9, b"hi"),
                client_frame(0x0, b""),
                client_frame(FIN | 0xA, b""),
                client_frame(FIN, b"ag"),
                client_frame(0x1, b"te"),
                client_frame(FIN, b"xt"),
                client_frame(FIN | 0x8, b""),
            ]
            .concat(),
            &["binary 61", "ping 6869", "pong", "binary 66726167", "text", "close"],
        );
        // 126 bytes: a 16-bit length.
        let medium = vec![0x5a; 126];
        check(&client_frame(FIN | BINARY, &medium), &[&format!("binary {}", "5a".repeat(126))]);
        // An incomplete frame gives nothing yet.
        check(&client_frame(FIN | BINARY, b"one")[..8], &[]);
    }

    #[test]
    fn refuses_frames_the_protocol_forbids() {
        check(&[FIN | BINARY, 1, b'x'], &["1002: a client's frames must be masked"]);
        check(&client_frame(FIN | 0x40 | BINARY, b"x"), &["1002: reserved bits"]);
        check(&client_frame(FIN | 0x3, b"x"), &["1002: unknown opcode"]);
        check(&client_frame(FIN | 0xB, b"x"), &["1002: unknown opcode"]);
        check(&client_frame(0x9, b"x"), &["1002: a control frame may not be fragmented"]);
        check(&client_frame(FIN | 0x9, &[0; 126]), &["1002: a control frame may carry at most 125 bytes"]);
        check(&client_frame(FIN, b"x"), &["1002: a continuation frame outside a message"]);
        check(
            &[client_frame(BINARY, b"x"), client_frame(FIN | BINARY, b"y")].concat(),
            &["1002: a new message began before the last one ended"],
        );
        // What came before an error is given first.
        check(
            &[client_frame(FIN | BINARY, b"x"), vec![FIN | BINARY, 0]].concat(),
            &["binary 78", "1002: a client's frames must be masked"],
        );
    }

    #[test]
    fn refuses_a_64_bit_length_with_its_top_bit_set_as_a_protocol_error() {
        let mut header = vec![FIN | BINARY, 0x80 | 127];
        header.extend_from_slice(&(1u64 << 63).to_be_bytes());
        header.extend_from_slice(&MASK);
        check(&header, &["1002: a 64-bit length with its top bit set"]);
        header[2] = 0x7f;
        check(&header, &["1009: a message of 9151314442816847872 bytes or more"]);
    }

    #[test]
    fn refuses_messages_over_the_limit_from_their_declared_length() {
        check(
            &client_frame(FIN | BINARY, &[0; 1001])[..8],
            &["1009: a message of 1001 bytes or more, over the limit of 1000"],
        );
        check(&client_frame(FIN | BINARY, &[1; 1000]), &[&format!("binary {}", "01".repeat(1000))]);
        check(
            &[client_frame(BINARY, &[0; 600]), client_frame(FIN, &[0; 600])].concat(),
            &["1009: a message of 1200 bytes or more"],
        );
        check(&[client_frame(0x1, &[0; 600]), client_frame(FIN, &[0; 401])].concat(), &["1009: a message of 1001"]);
    }

    #[test]
    fn checks_a_clients_close_code_and_reason() {
        for code in [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4403, 4999] {
            check(&close_frame_with(code, b""), &[&format!("close {code}")]);
        }
        check(&close_frame_with(1000, "fin, merci ✓".as_bytes()), &["close 1000"]);
        for code in [0, 999, 1004, 1005, 1006, 1012, 1013, 1014, 1015, 1016, 1100, 2000, 2999, 5000, 65535] {
            check(&close_frame_with(code, b""), &["1002: a close code a client may not send"]);
        }
        check(&client_frame(FIN | 0x8, &[3]), &["1002: a close frame's code must be two bytes"]);
        check(
            &close_frame_with(1000, b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80"),
            &["1002: a close reason that is not UTF-8"],
        );
        check(&close_frame_with(1000, b"\xff"), &["1002: a close reason that is not UTF-8"]);
    }

    #[test]
    fn text_is_read_but_not_kept() {
        // Text closes the connection with 1003 higher up, whatever its bytes; they are not checked here.
        check(&client_frame(FIN | 0x1, b"\xff\xfe"), &["text"]);
    }

    #[test]
    fn keeps_no_buffer_between_frames_and_reads_a_payload_into_a_buffer_of_its_size() {
        let mut reader = FrameReader::new(1 << 20);
        assert!(reader.holds_nothing());
        let wire = [client_frame(FIN | BINARY, &[7; 300]), client_frame(FIN | BINARY, b"next")].concat();
        // The header and a little of the payload arrive first.
        reader.feed(&wire[..20]);
        assert_eq!(reader.next().unwrap(), None);
        assert_eq!(reader.pending.capacity(), 0, "what was fed went into the payload");
        let payload = reader.payload_space().expect("a payload under way");
        assert_eq!(payload.remaining_mut(), 300 - (20 - 8));
        assert_eq!(reader.frame.as_ref().unwrap().payload.capacity(), 300);
        reader.feed(&wire[20..]);
        assert_eq!(reader.next().unwrap(), Some(Incoming::Binary(Bytes::from(vec![7; 300]))));
        assert_eq!(reader.next().unwrap(), Some(Incoming::Binary(Bytes::from_static(b"next"))));
        assert_eq!(reader.next().unwrap(), None);
        assert!(reader.holds_nothing(), "nothing is kept once everything was read");
    }

    #[tokio::test]
    async fn refuses_what_the_protocol_forbids() {
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (vec![FIN | BINARY, 1, b'x'], "masked"),
            (client_frame(FIN | 0x40 | BINARY, b"x"), "reserved bits"),
            (client_frame(FIN | 0x3, b"x"), "unknown opcode"),
            (client_frame(0x9, b"x"), "fragmented"),
            (client_frame(FIN | 0x9, &[0; 126]), "125 bytes"),
            (client_frame(FIN, b"x"), "continuation"),
            ([client_frame(BINARY, b"x"), client_frame(FIN | BINARY, b"y")].concat(), "new message"),
            (client_frame(FIN | 0x8, &[3]), "two bytes"),
        ];
        for (wire, expected) in cases {
            let (mut socket, mut client) = pair(1024);
            client.write_all(&wire).await.unwrap();
            match next(&mut socket).await {
                Err(ReadError::Protocol(reason)) => assert!(reason.contains(expected), "{reason:?} for {expected:?}"),
                other => panic!("{other:?} for {expected:?}"),
            }
        }
    }

    #[tokio::test]
    async fn refuses_a_message_over_the_limit_before_reading_it() {
        let (mut socket, mut client) = pair(1000);
        // Only the header is sent: the limit applies to the length it declares.
        client.write_all(&client_frame(FIN | BINARY, &[0; 1001])[..8]).await.unwrap();
        assert!(matches!(next(&mut socket).await, Err(ReadError::TooBig { size: 1001, max: 1000 })));
        let (mut socket, mut client) = pair(1000);
        let wire = [client_frame(BINARY, &[0; 600]), client_frame(FIN, &[0; 600])].concat();
        client.write_all(&wire).await.unwrap();
        assert!(matches!(next(&mut socket).await, Err(ReadError::TooBig { size: 1200, max: 1000 })));
    }

    #[test]
    fn close_reasons_are_cut_to_fit_a_close_frame() {
        assert_eq!(fit_close_reason("short"), "short");
        let long = "é".repeat(100);
        let cut = fit_close_reason(&long);
        assert!(cut.len() <= 123 && cut.len() > 120);
        assert!(long.starts_with(cut));
    }

    #[tokio::test]
    async fn writes_frames_a_client_can_read() {
        let (mut socket, mut client) = pair(1024);
        let large = Bytes::from(vec![7u8; 70_000]);
        let reader = tokio::spawn(async move {
            let mut wire = Vec::new();
            client.read_to_end(&mut wire).await.unwrap();
            wire
        });
        socket.queue(Queued::Binary(Bytes::from_static(b"hi")));
        socket.queue(Queued::Binary(large.clone()));
        flush(&mut socket).await;
        socket.send(&[Outgoing::Ping, Outgoing::Pong(b"p"), Outgoing::Close(4403, "no")]).await.unwrap();
        drop(socket);
        let wire = reader.await.unwrap();
        let mut expected = vec![0x82, 2, b'h', b'i', 0x82, 127];
        expected.extend_from_slice(&70_000u64.to_be_bytes());
        expected.extend_from_slice(&large);
        expected.extend_from_slice(&[0x89, 0, 0x8a, 1, b'p', 0x88, 4, 0x11, 0x33, b'n', b'o']);
        assert_eq!(wire, expected);
    }

    async fn flush(socket: &mut Socket<DuplexStream>) -> Flushed {
        let mut flushed = Flushed::default();
        std::future::poll_fn(|cx| match socket.poll_flush(cx, &mut flushed) {
            Ok(()) if socket.queued() > 0 => Poll::Pending,
            Ok(()) => Poll::Ready(()),
            Err(error) => panic!("{error}"),
        })
        .await;
        flushed
    }

    /// One call to `poll_flush`, whatever it gives.
    async fn flush_once(socket: &mut Socket<DuplexStream>) -> Flushed {
        let mut flushed = Flushed::default();
        std::future::poll_fn(|cx| Poll::Ready(socket.poll_flush(cx, &mut flushed))).await.unwrap();
        flushed
    }

    #[tokio::test]
    async fn a_queue_goes_out_in_pieces_as_the_client_reads_and_a_close_waits_for_the_frame_under_way() {
        // A pipe that holds 100 bytes: every frame below is written in several pieces.
        let (server, mut client) = duplex(100);
        let mut socket = Socket::new(server, 1024);
        let payload = Bytes::from((0..=255u8).cycle().take(1000).collect::<Vec<u8>>());
        for _ in 0..3 {
            socket.queue(Queued::Binary(payload.clone()));
        }
        socket.queue(Queued::Ping);
        let first = flush_once(&mut socket).await;
        assert_eq!(first, Flushed::default(), "nothing is whole after the first 100 bytes");
        assert_eq!(socket.queued(), 4);
        let mut wire = vec![0u8; 1_004 + 1_004];
        let reading = tokio::spawn(async move {
            client.read_exact(&mut wire).await.unwrap();
            (client, wire)
        });
        // The first two frames are read, then the third is under way when the socket closes.
        let mut whole = first;
        while whole.frames < 2 {
            tokio::task::yield_now().await;
            let flushed = flush_once(&mut socket).await;
            whole.frames += flushed.frames;
            whole.bytes += flushed.bytes;
        }
        assert_eq!(whole, Flushed { frames: 2, bytes: 2000 });
        let (mut client, wire) = reading.await.unwrap();
        let mut frame = vec![0x82, 126, 0x03, 0xe8];
        frame.extend_from_slice(&payload);
        assert_eq!(wire, [frame.clone(), frame.clone()].concat());
        flush_once(&mut socket).await;
        assert_eq!(socket.queued(), 2, "the third frame is under way, the ping waits");
        let closing = tokio::spawn(async move {
            socket.close(1001, "bye").await.unwrap();
            socket.queued()
        });
        let mut rest = Vec::new();
        client.read_to_end(&mut rest).await.unwrap();
        assert_eq!(closing.await.unwrap(), 0);
        // The third frame whole, no ping, and the close frame.
        assert_eq!(rest, [frame, vec![0x88, 5, 0x03, 0xe9, b'b', b'y', b'e']].concat());
    }
}
