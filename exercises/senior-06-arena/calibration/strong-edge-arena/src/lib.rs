//! The tasks of a build and what each one waits for.
//!
//! Both the tasks and the dependencies between them live in arenas owned by the graph. A task
//! keeps the ends of two intrusive lists threaded through the edge arena: the edges it waits on,
//! and the edges that wait on it. Every link is an index, so the graph has a single owner, frees
//! everything at once (cycles included), and never borrows a node at run time.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

/// Names a task of one [`TaskGraph`]. Ids follow creation order: the first task created has the
/// smallest id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaskId(usize);

/// Why [`TaskGraph::build_order`] found no order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CycleError {
    /// Every task that cannot be ordered, in id order.
    pub stuck: Vec<TaskId>,
}

/// Index of an [`Edge`] in the graph's edge arena.
type EdgeIndex = usize;

/// `task` waits for `on`. Each edge sits on two lists: `task`'s dependencies and `on`'s dependents.
#[derive(Debug)]
struct Edge {
    task: TaskId,
    on: TaskId,
    next_dependency: Option<EdgeIndex>,
    next_dependent: Option<EdgeIndex>,
}

/// Which of an edge's two lists to follow.
#[derive(Debug, Clone, Copy)]
enum Direction {
    Dependencies,
    Dependents,
}

/// Head and tail of one edge list; appending at the tail keeps the recording order.
#[derive(Debug, Default, Clone, Copy)]
struct List {
    first: Option<EdgeIndex>,
    last: Option<EdgeIndex>,
}

#[derive(Debug, Default)]
struct Task {
    dependencies: List,
    dependents: List,
    /// How many distinct tasks this one waits for.
    dependency_count: usize,
}

/// A dependency graph of build tasks.
#[derive(Debug, Default)]
pub struct TaskGraph {
    tasks: Vec<Task>,
    edges: Vec<Edge>,
    /// Recorded `(task, on)` pairs, so that recording one again is a single lookup.
    recorded: HashSet<(TaskId, TaskId)>,
    ids: HashMap<Box<str>, TaskId>,
}

/// Walks one edge list, yielding the task at the far end of each edge.
struct Neighbours<'g> {
    edges: &'g [Edge],
    next: Option<EdgeIndex>,
    direction: Direction,
}

impl Iterator for Neighbours<'_> {
    type Item = TaskId;

    fn next(&mut self) -> Option<TaskId> {
        let edge = &self.edges[self.next?];
        let (far_end, next) = match self.direction {
            Direction::Dependencies => (edge.on, edge.next_dependency),
            Direction::Dependents => (edge.task, edge.next_dependent),
        };
        self.next = next;
        Some(far_end)
    }
}

impl TaskGraph {
    /// A graph with no tasks.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of tasks.
    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    /// Whether the graph has no tasks.
    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    /// Adds a task named `name` and returns its id; a name already in the graph gives the id it
    /// already has.
    pub fn add_task(&mut self, name: &str) -> TaskId {
        if let Some(id) = self.find(name) {
            return id;
        }
        let id = TaskId(self.tasks.len());
        self.tasks.push(Task::default());
        self.ids.insert(name.into(), id);
        id
    }

    /// The id of the task named `name`.
    pub fn find(&self, name: &str) -> Option<TaskId> {
        self.ids.get(name).copied()
    }

    /// Records that `task` can only start once `on` is done. Recording it again changes nothing.
    pub fn add_dependency(&mut self, task: TaskId, on: TaskId) {
        // Resolve both ends first: an id from another graph panics here, before anything changes.
        let (waiting_tail, needed_tail) =
            (self.tasks[task.0].dependencies.last, self.tasks[on.0].dependents.last);
        if !self.recorded.insert((task, on)) {
            return;
        }

        let index = self.edges.len();
        self.edges.push(Edge { task, on, next_dependency: None, next_dependent: None });
        match waiting_tail {
            Some(tail) => self.edges[tail].next_dependency = Some(index),
            None => self.tasks[task.0].dependencies.first = Some(index),
        }
        match needed_tail {
            Some(tail) => self.edges[tail].next_dependent = Some(index),
            None => self.tasks[on.0].dependents.first = Some(index),
        }
        let waiting = &mut self.tasks[task.0];
        waiting.dependencies.last = Some(index);
        waiting.dependency_count += 1;
        self.tasks[on.0].dependents.last = Some(index);
    }

    fn neighbours(&self, task: TaskId, direction: Direction) -> Neighbours<'_> {
        let list = match direction {
            Direction::Dependencies => self.tasks[task.0].dependencies,
            Direction::Dependents => self.tasks[task.0].dependents,
        };
        Neighbours { edges: &self.edges, next: list.first, direction }
    }

    /// The tasks `task` waits for directly, in the order they were added.
    pub fn dependencies(&self, task: TaskId) -> Vec<TaskId> {
        self.neighbours(task, Direction::Dependencies).collect()
    }

    /// The tasks waiting directly for `task`, in the order they were added.
    pub fn dependents(&self, task: TaskId) -> Vec<TaskId> {
        self.neighbours(task, Direction::Dependents).collect()
    }

    /// Every task that must be done before `task` can start, directly or not, in id order.
    /// `task` itself is included only when it depends on itself through a cycle.
    pub fn all_dependencies(&self, task: TaskId) -> Vec<TaskId> {
        // Breadth-first over the dependency lists; `found` both stops cycles and sorts the result.
        let mut found = BTreeSet::new();
        let mut queue: VecDeque<TaskId> = self.neighbours(task, Direction::Dependencies).collect();
        while let Some(next) = queue.pop_front() {
            if found.insert(next) {
                queue.extend(self.neighbours(next, Direction::Dependencies));
            }
        }
        found.into_iter().collect()
    }

    /// Every task, each after all the tasks it depends on; when several tasks could come next,
    /// the one created first does.
    ///
    /// # Errors
    ///
    /// [`CycleError`] when some tasks wait, directly or not, on a cycle; it lists them all.
    pub fn build_order(&self) -> Result<Vec<TaskId>, CycleError> {
        let mut remaining: Vec<usize> = self.tasks.iter().map(|task| task.dependency_count).collect();
        let mut ready: BTreeSet<TaskId> =
            (0..self.tasks.len()).filter(|&index| remaining[index] == 0).map(TaskId).collect();
        let mut order = Vec::with_capacity(self.tasks.len());
        while let Some(done) = ready.pop_first() {
            order.push(done);
            for waiting in self.neighbours(done, Direction::Dependents) {
                remaining[waiting.0] -= 1;
                if remaining[waiting.0] == 0 {
                    ready.insert(waiting);
                }
            }
        }

        if order.len() == self.tasks.len() {
            Ok(order)
        } else {
            // Only tasks on a cycle, or behind one, still wait for something.
            let stuck = (0..self.tasks.len()).filter(|&index| remaining[index] > 0).map(TaskId).collect();
            Err(CycleError { stuck })
        }
    }
}
