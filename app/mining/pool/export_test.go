package pool

// Partition is partition, for the external tests.
var Partition = partition

// MaxWorkerFailures is maxWorkerFailures, for the external tests.
const MaxWorkerFailures = maxWorkerFailures
