//go:build race

package tui

// raceEnabled thins out the slowest loops (requireAllSizes) under the race detector.
const raceEnabled = true
