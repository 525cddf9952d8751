package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// cmdResult is one run of a command line program.
type cmdResult struct {
	wall    time.Duration
	maxRSSK int64 // peak resident set (kB), from wait4's rusage
	stderr  string
}

// runCmd runs bin with args, its standard output to out (nil: discarded),
// and times it from just before the start to the end of wait4.
func runCmd(bin string, args, env []string, out io.Writer) (cmdResult, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stdout = out
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	res := cmdResult{wall: wall, stderr: strings.TrimSpace(stderr.String())}
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			res.maxRSSK = ru.Maxrss // kilobytes on Linux
		}
	}
	if err != nil {
		msg := res.stderr
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i]
		}
		return res, fmt.Errorf("%s %s failed (%v): %s", filepath.Base(bin), strings.Join(args, " "), err, msg)
	}
	return res, nil
}

// procStatusKB reads a field such as VmRSS or VmHWM (kB) of pid.
func procStatusKB(pid int, field string) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("cannot read the memory of process %d: %v", pid, err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				return strconv.ParseInt(f[0], 10, 64)
			}
		}
	}
	return 0, fmt.Errorf("process %d reports no %s", pid, field)
}

// cpuTicks is utime+stime of pid in clock ticks (/proc/PID/stat).
func cpuTicks(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("cannot read the CPU time of process %d: %v", pid, err)
	}
	// The command name (field 2) may hold spaces; fields after ")" are plain.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, fmt.Errorf("process %d has an unreadable /proc/%d/stat", pid, pid)
	}
	f := strings.Fields(s[i+1:])
	// f[0] is field 3 (state); utime and stime are fields 14 and 15.
	if len(f) < 13 {
		return 0, fmt.Errorf("process %d has a short /proc/%d/stat", pid, pid)
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("process %d has an unreadable /proc/%d/stat", pid, pid)
	}
	return u + st, nil
}

// cpuNanos is the time every thread of pid has run (/proc/PID/task/*/schedstat),
// finer than ticks.
func cpuNanos(pid int) (int64, error) {
	paths, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	if err != nil || len(paths) == 0 {
		return 0, fmt.Errorf("cannot read the threads of process %d", pid)
	}
	var sum int64
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			continue // a thread that ended meanwhile
		}
		f := strings.Fields(string(b))
		if len(f) > 0 {
			n, _ := strconv.ParseInt(f[0], 10, 64)
			sum += n
		}
	}
	return sum, nil
}

// idleSample is what an idle program costs over a window.
type idleSample struct {
	rssKB, hwmKB int64
	ticks        int64
	cpu          time.Duration
	window       time.Duration
}

// sampleIdle measures pid's resident set, then its CPU use over window.
func sampleIdle(pid int, window time.Duration) (idleSample, error) {
	s := idleSample{window: window}
	t0, err := cpuTicks(pid)
	if err != nil {
		return s, err
	}
	n0, err := cpuNanos(pid)
	if err != nil {
		return s, err
	}
	time.Sleep(window)
	t1, err := cpuTicks(pid)
	if err != nil {
		return s, err
	}
	n1, err := cpuNanos(pid)
	if err != nil {
		return s, err
	}
	if s.rssKB, err = procStatusKB(pid, "VmRSS"); err != nil {
		return s, err
	}
	if s.hwmKB, err = procStatusKB(pid, "VmHWM"); err != nil {
		return s, err
	}
	s.ticks, s.cpu = t1-t0, time.Duration(n1-n0)
	return s, nil
}

// copyFile copies src to dst (0600) and syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	// On disk before the timing starts: a big file written back later would
	// compete with the runs for the disk.
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
