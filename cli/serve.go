package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/signal"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"edtech-workbook/serve"
	"edtech-workbook/workbook"
)

func newServeCmd(a *app) *cobra.Command {
	var (
		address, access, hostKey, name string
		port, maxPerKey                int
		idle                           time.Duration
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the workbook to a cohort over SSH (each team sees only its own work)",
		Long: "Serve the workbook file to many people at once over SSH: each connection gets the same\n" +
			"full-window app (or, with -- --accessible, the plain prompts), on the one file this\n" +
			"process owns. Who may connect, and in which role, is the access file (docs/serve.md);\n" +
			"without one, the first start writes one with your own SSH keys.",
		Example: "# serve on this machine only, then connect from another terminal\n" +
			"edtech-workbook serve\nssh -p 2222 localhost\n" +
			"# for the cohort: every address, a named access file\n" +
			"edtech-workbook serve --address 0.0.0.0 --port 2222 --access cohort.yaml --db cohort.db\n" +
			"# check the access file\nedtech-workbook serve lint cohort.yaml",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if port < 1 || port > 65535 {
				return usagef("--port must be between 1 and 65535")
			}
			db := a.resolveDB()
			explicit := access != ""
			if !explicit {
				access = filepath.Join(filepath.Dir(db), "access.yaml")
			}
			if _, err := os.Stat(access); errors.Is(err, os.ErrNotExist) && !explicit {
				if err := a.writeStarterAccess(access); err != nil {
					return err
				}
			}
			srv, err := serve.New(serve.Config{DB: db, Access: access, Addr: net.JoinHostPort(address, strconv.Itoa(port)),
				HostKey: hostKey, Name: name, IdleTimeout: idle, MaxPerKey: maxPerKey, Log: a.stderr, Now: a.now})
			if err != nil {
				return err
			}
			l, err := net.Listen("tcp", net.JoinHostPort(address, strconv.Itoa(port)))
			if err != nil {
				_ = srv.Shutdown(context.Background())
				return fmt.Errorf("cannot listen on %s (%v); choose another --address or --port", net.JoinHostPort(address, strconv.Itoa(port)), err)
			}
			acc := srv.Access()
			fmt.Fprintf(a.stderr, "edtech-workbook serve: %s, access file %s (%d in it), on %s\n", workbook.CleanLine(db), workbook.CleanLine(access), len(acc.People), l.Addr())
			fmt.Fprintf(a.stderr, "host key %s\n", srv.HostKeyFingerprint())
			fmt.Fprintf(a.stderr, "connect with: %s   (ctrl+c here stops the server after every connection has saved)\n", strings.TrimSuffix(srv.ExportCommand(), " -- export"))

			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			served := make(chan error, 1)
			go func() { served <- srv.Serve(l) }()
			select {
			case err := <-served:
				_ = srv.Shutdown(context.Background())
				return err
			case <-ctx.Done():
			}
			stop()
			fmt.Fprintln(a.stderr, "edtech-workbook serve: stopping; saving every connection's pending edits")
			sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			if err := srv.Shutdown(sctx); err != nil {
				return err
			}
			<-served
			fmt.Fprintln(a.stderr, "edtech-workbook serve: stopped; everything was saved")
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&address, "address", "127.0.0.1", "address to listen on (0.0.0.0: every address)")
	f.IntVar(&port, "port", 2222, "port to listen on")
	f.StringVar(&access, "access", "", "the access file: who may connect, in which role (default: access.yaml beside the workbook file)")
	f.StringVar(&hostKey, "host-key", "", "the server's host key file, made on first start (default: the workbook file + .host_ed25519)")
	f.StringVar(&name, "name", "", "the host name people connect to, for the commands the app suggests (default: from --address)")
	f.DurationVar(&idle, "idle", 30*time.Minute, "close connections idle this long (what was typed is saved)")
	f.IntVar(&maxPerKey, "max-per-key", 3, "connections at once per SSH key")
	cmd.AddCommand(newServeLintCmd(a), newServeAuditCmd(a))
	return cmd
}

// writeStarterAccess writes a first access file at path: the user's own
// SSH public keys as a member of "My team".
func (a *app) writeStarterAccess(path string) error {
	home, err := os.UserHomeDir()
	if err != nil {
		return fmt.Errorf("there is no access file %s and no home folder to find your SSH keys in; write one (docs/serve.md) and pass --access", path)
	}
	keys := serve.PublicKeys(filepath.Join(home, ".ssh"))
	if len(keys) == 0 {
		return fmt.Errorf("there is no access file %s and no SSH key in %s; make one with `ssh-keygen -t ed25519`, or write an access file (docs/serve.md)",
			path, filepath.Join(home, ".ssh"))
	}
	who := "Me"
	if u, err := user.Current(); err == nil {
		if who = strings.TrimSpace(u.Name); who == "" {
			who = u.Username
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("cannot create the folder of the access file %s (%v)", path, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("cannot write the access file %s (%v)", path, err)
	}
	_, werr := f.Write(serve.StarterAccess(who, "My team", who, keys))
	if err := errors.Join(werr, f.Close()); err != nil {
		return fmt.Errorf("cannot write the access file %s (%v)", path, err)
	}
	fmt.Fprintf(a.stderr, "edtech-workbook serve: wrote %s with your %d SSH key(s) as a member of \"My team\"; edit it to add your cohort (docs/serve.md)\n",
		workbook.CleanLine(path), len(keys))
	return nil
}

func newServeLintCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "lint FILE",
		Short: "Check an access file and report every problem as FILE:LINE:COL",
		Args:  exactArgs(1, "one access FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			acc, err := serve.LoadAccess(args[0])
			if err != nil {
				var lint *workbook.LintError
				if errors.As(err, &lint) {
					fmt.Fprintln(a.stdout, workbook.CleanText(err.Error()))
					return fmt.Errorf("access file %s has %s; fix the lines listed above", args[0], workbook.CountOf(len(lint.Problems), "problem"))
				}
				return err
			}
			counts := map[serve.Role]int{}
			keys := 0
			for _, p := range acc.People {
				counts[p.Role]++
				keys += len(p.Keys)
			}
			fmt.Fprintf(a.stdout, "%s: ok (members %d, coaches %d, facilitators %d; %s; refused people are told to ask %s)\n", workbook.CleanLine(args[0]),
				counts[serve.RoleMember], counts[serve.RoleCoach], counts[serve.RoleFacilitator], workbook.CountOf(keys, "key"), workbook.CleanLine(acc.Contact))
			return nil
		},
	}
}

func newServeAuditCmd(a *app) *cobra.Command {
	var format, out string
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Export the audit log of the served workbook file (who changed what, when, from which key)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != serve.AuditCSV && format != serve.AuditJSON {
				return usagef("--format must be csv or json")
			}
			st, err := a.readStore()
			if err != nil {
				return err
			}
			defer st.Close()
			entries, err := st.Audit()
			if err != nil {
				return err
			}
			data, err := serve.RenderAudit(entries, format)
			if err != nil {
				return err
			}
			return a.writeOutput(out, data, "the audit log")
		},
	}
	cmd.Flags().StringVar(&format, "format", serve.AuditCSV, "csv or json")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to FILE instead of standard output")
	return cmd
}
