//go:build race

package serve

// raceEnabled shortens the load test under the race detector.
const raceEnabled = true
