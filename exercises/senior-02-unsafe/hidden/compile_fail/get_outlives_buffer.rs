// A reference from `get` must not outlive the buffer it points into.
use senior_02_unsafe::RingBuffer;

fn main() {
    let oldest: &String;
    {
        let mut buffer: RingBuffer<String, 2> = RingBuffer::new();
        buffer.push("gone".to_string()).unwrap();
        oldest = buffer.get(0).unwrap();
    }
    println!("{oldest}");
}
