// A value borrowed with `get_mut` must stay exclusive: pushing while it is borrowed is an error.
use senior_02_unsafe::RingBuffer;

fn main() {
    let mut buffer: RingBuffer<String, 4> = RingBuffer::new();
    buffer.push("first".to_string()).unwrap();
    let first = buffer.get_mut(0).unwrap();
    buffer.push("second".to_string()).unwrap();
    first.push('!');
}
