// These tests measure time on a live call (clear within 100 ms of a digit, a frame every 20 ms): run one at a time,
// so on a 2-core machine no other test class's call competes with the one being timed.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
