//go:build race

package tui

// raceEnabled thins out the slowest loops under the race detector.
const raceEnabled = true
