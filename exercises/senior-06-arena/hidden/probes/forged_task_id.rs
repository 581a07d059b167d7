// Ids come from the graph only (`TaskId(/* private */)`): a caller cannot make one up.
use senior_06_arena::{TaskGraph, TaskId};

fn main() {
    let graph = TaskGraph::new();
    let forged = TaskId(7);
    println!("{:?}", graph.dependencies(forged));
}
