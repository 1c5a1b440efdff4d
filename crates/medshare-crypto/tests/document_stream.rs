//! A 10 MB document through a file: round trip, refusals, and the memory both directions use.

use medshare_crypto::document::{
    self, DocumentBinding, DocumentError, DocumentKey, CHUNK_LEN, HEADER_LEN, TAG_LEN,
};
use sha2::{Digest, Sha256};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::Instant;

const LEN: u64 = 10 * 1000 * 1000;

/// Counts the live bytes each thread allocated, so that tests running at once do not mix.
struct CountingAllocator;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn count(delta: isize) {
    // During thread teardown the counters may be gone; those bytes do not matter.
    let _ = LIVE.try_with(|live| {
        live.set(live.get() + delta);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(live.get())));
    });
}

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc(layout);
        if !ptr.is_null() {
            count(layout.size() as isize);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = System.realloc(ptr, layout, new_size);
        if !new.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Runs `f` and returns its result with the most bytes it held at once on this thread.
fn peak_during<T>(f: impl FnOnce() -> T) -> (T, isize) {
    let base = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(base));
    let result = f();
    (result, PEAK.with(Cell::get) - base)
}

/// `len` deterministic pseudo-random bytes (SplitMix64), produced as they are read.
struct PseudoRandom {
    state: u64,
    left: u64,
}

impl Read for PseudoRandom {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min(self.left as usize);
        for piece in buf[..n].chunks_mut(8) {
            self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            piece.copy_from_slice(&(z ^ (z >> 31)).to_le_bytes()[..piece.len()]);
        }
        self.left -= n as u64;
        Ok(n)
    }
}

fn content(seed: u64) -> PseudoRandom {
    PseudoRandom {
        state: seed,
        left: LEN,
    }
}

/// Hashes what is written to it.
struct HashingWriter(Sha256);

impl Write for HashingWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn binding(document: u8) -> DocumentBinding {
    DocumentBinding {
        document: [document; 32],
        version: 1,
    }
}

fn seal(key: &DocumentKey, binding: &DocumentBinding, seed: u64, file: &Path) -> u64 {
    let writer = BufWriter::new(File::create(file).unwrap());
    let sealed = document::encrypt(key, binding, LEN, content(seed), writer).unwrap();
    assert_eq!(Some(sealed.len), document::ciphertext_len(LEN));
    assert_eq!(sealed.len, fs::metadata(file).unwrap().len());
    assert_eq!(
        sealed.digest,
        document::digest(File::open(file).unwrap()).unwrap()
    );
    sealed.len
}

fn open(
    key: &DocumentKey,
    binding: &DocumentBinding,
    blob: impl Read,
) -> Result<[u8; 32], DocumentError> {
    let mut out = HashingWriter(Sha256::new());
    assert_eq!(document::decrypt(key, binding, blob, &mut out)?, LEN);
    Ok(out.0.finalize().into())
}

fn flip(file: &Path, at: u64) {
    let mut blob = OpenOptions::new()
        .read(true)
        .write(true)
        .open(file)
        .unwrap();
    let mut byte = [0];
    blob.seek(SeekFrom::Start(at)).unwrap();
    blob.read_exact(&mut byte).unwrap();
    blob.seek(SeekFrom::Start(at)).unwrap();
    blob.write_all(&[byte[0] ^ 0x20]).unwrap();
}

#[test]
fn ten_megabytes_round_trip_in_bounded_memory() {
    let (key, doc, dir) = (
        DocumentKey::generate(),
        binding(1),
        tempfile::tempdir().unwrap(),
    );
    let file = &dir.path().join("blob");
    let started = Instant::now();
    let (len, encrypt_peak) = peak_during(|| seal(&key, &doc, 1, file));
    let encrypted = started.elapsed();

    let started = Instant::now();
    let blob = BufReader::new(File::open(file).unwrap());
    let (decrypted, decrypt_peak) = peak_during(|| open(&key, &doc, blob).unwrap());
    let elapsed = started.elapsed();

    let expected: [u8; 32] = {
        let mut hasher = Sha256::new();
        io::copy(&mut content(1), &mut hasher).unwrap();
        hasher.finalize().into()
    };
    assert_eq!(decrypted, expected);
    eprintln!(
        "10 MB document, {len}-byte blob: encrypt {encrypted:?} peaking at {encrypt_peak} live \
         bytes, decrypt {elapsed:?} peaking at {decrypt_peak}"
    );
    assert!(encrypt_peak < 1 << 20 && decrypt_peak < 1 << 20);
}

#[test]
fn ten_megabytes_altered_cut_swapped_or_under_the_wrong_key_are_refused() {
    let (key, doc, dir) = (
        DocumentKey::generate(),
        binding(1),
        tempfile::tempdir().unwrap(),
    );
    let file = &dir.path().join("blob");
    let len = seal(&key, &doc, 2, file);
    let open_file = |key: &DocumentKey, doc: &DocumentBinding, file: &Path, limit: u64| {
        open(
            key,
            doc,
            BufReader::new(File::open(file).unwrap()).take(limit),
        )
    };

    let chunk = (CHUNK_LEN + TAG_LEN) as u64;
    let middle = HEADER_LEN as u64 + 80 * chunk + 1234;
    for at in [HEADER_LEN as u64, middle, len - 1] {
        flip(file, at);
        let refused = open_file(&key, &doc, file, len);
        assert!(matches!(refused, Err(DocumentError::Tampered)), "byte {at}");
        flip(file, at);
    }
    for cut in [len - 1, HEADER_LEN as u64 + 80 * chunk] {
        let refused = open_file(&key, &doc, file, cut);
        assert!(
            matches!(refused, Err(DocumentError::Truncated)),
            "cut at {cut}"
        );
    }

    let other = &dir.path().join("other");
    seal(&key, &binding(2), 3, other);
    let swapped = open_file(&key, &doc, other, len);
    assert!(matches!(swapped, Err(DocumentError::Tampered)));
    let wrong_key = open_file(&DocumentKey::generate(), &doc, file, len);
    assert!(matches!(wrong_key, Err(DocumentError::Tampered)));
    assert!(open_file(&key, &doc, file, len).is_ok());
}
