//! A TCP stream that remembers when the kernel received what it last read (`SO_TIMESTAMPNS`).
//!
//! Fifty load clients share this process and its cores; when a server sends an edit to all of
//! them at once, the last client to be polled would otherwise time the edit's arrival after the
//! generator had handled the other 49. Real clients are separate devices. The kernel stamps each
//! segment as the loopback device hands it to the socket, so the time of receipt no longer depends
//! on how many other clients the generator is busy with.
//!
//! A read's stamp is that of the last segment it took, so a frame that arrived in an earlier
//! segment of the same read is timed no earlier than it arrived.

use std::io;
use std::mem::MaybeUninit;
use std::os::fd::{AsRawFd, RawFd};
use std::pin::Pin;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, Interest, ReadBuf};
use tokio::net::TcpStream;

/// The kernel's receive time of the last bytes read, in nanoseconds on the realtime clock (the
/// clock the kernel stamps with); 0 until the first stamped read.
#[derive(Debug, Clone, Default)]
pub struct LastReceipt(Arc<AtomicI64>);

impl LastReceipt {
    pub fn nanos(&self) -> Option<i64> {
        Some(self.0.load(Ordering::Relaxed)).filter(|&nanos| nanos > 0)
    }
}

pub struct StampedStream {
    inner: TcpStream,
    last_receipt: LastReceipt,
}

impl StampedStream {
    /// Asks the kernel to stamp what `inner` receives.
    pub fn new(inner: TcpStream) -> io::Result<(Self, LastReceipt)> {
        let enable: libc::c_int = 1;
        // SAFETY: a valid socket, and a pointer to an int of the size given.
        let outcome = unsafe {
            libc::setsockopt(
                inner.as_raw_fd(),
                libc::SOL_SOCKET,
                libc::SO_TIMESTAMPNS,
                (&enable as *const libc::c_int).cast(),
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            )
        };
        if outcome != 0 {
            return Err(io::Error::last_os_error());
        }
        let last_receipt = LastReceipt::default();
        Ok((StampedStream { inner, last_receipt: last_receipt.clone() }, last_receipt))
    }
}

/// One `recvmsg` into `buffer`: the bytes read and the kernel's stamp of the last segment taken.
fn receive_stamped(socket: RawFd, buffer: &mut [MaybeUninit<u8>]) -> io::Result<(usize, Option<i64>)> {
    let mut part = libc::iovec { iov_base: buffer.as_mut_ptr().cast(), iov_len: buffer.len() };
    // Room for one control message holding a timespec, aligned as cmsghdr needs.
    let mut control = [0u64; 8];
    // SAFETY: msghdr is plain data; all-zero is an empty header.
    let mut header: libc::msghdr = unsafe { std::mem::zeroed() };
    header.msg_iov = &mut part;
    header.msg_iovlen = 1;
    header.msg_control = control.as_mut_ptr().cast();
    header.msg_controllen = std::mem::size_of_val(&control) as _;
    // SAFETY: the header points at a buffer and a control area that outlive the call.
    let read = unsafe { libc::recvmsg(socket, &mut header, 0) };
    if read < 0 {
        return Err(io::Error::last_os_error());
    }
    let mut stamp = None;
    // SAFETY: the kernel filled the control area; the CMSG macros walk it within its length.
    unsafe {
        let mut message = libc::CMSG_FIRSTHDR(&header);
        while !message.is_null() {
            if (*message).cmsg_level == libc::SOL_SOCKET && (*message).cmsg_type == libc::SCM_TIMESTAMPNS {
                let time: libc::timespec = std::ptr::read_unaligned(libc::CMSG_DATA(message).cast());
                stamp = Some(time.tv_sec * 1_000_000_000 + time.tv_nsec);
            }
            message = libc::CMSG_NXTHDR(&header, message);
        }
    }
    Ok((read as usize, stamp))
}

impl AsyncRead for StampedStream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let socket = this.inner.as_raw_fd();
        loop {
            ready!(this.inner.poll_read_ready(cx))?;
            // SAFETY: recvmsg only writes into the unfilled part, and only `read` bytes of it are
            // marked filled below.
            let unfilled = unsafe { buf.unfilled_mut() };
            match this.inner.try_io(Interest::READABLE, || receive_stamped(socket, unfilled)) {
                Ok((read, stamp)) => {
                    // SAFETY: recvmsg initialised `read` bytes.
                    unsafe { buf.assume_init(read) };
                    buf.advance(read);
                    if let Some(stamp) = stamp {
                        this.last_receipt.0.store(stamp, Ordering::Relaxed);
                    }
                    return Poll::Ready(Ok(()));
                }
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => continue,
                Err(error) => return Poll::Ready(Err(error)),
            }
        }
    }
}

impl AsyncWrite for StampedStream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}
