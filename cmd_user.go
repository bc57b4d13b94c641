package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"lifa/drafts"
	"lifa/drafts/accounts"
	"lifa/drafts/store"
)

// runUser manages accounts and contact points:
//
//	lifa user add --role staff|admin|member|liaison [--contact-point ID] [--display-name N] [--password P] NAME
//	lifa user list
//	lifa user contact-point [--region R] NAME
//
// add reads the password from --password, else from the first line of
// standard input (so it can be piped and does not land in the shell
// history), and refuses passwords shorter than 8 characters.
func runUser(args []string, stdout, stderr io.Writer) int {
	return runUserWith(args, os.Stdin, stdout, stderr)
}

func runUserWith(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "用法: lifa user add|list|contact-point [参数]；lifa user <子命令> -h 查看参数。")
		return 2
	}
	sub, args := args[0], args[1:]
	fs := newFlagSet("user "+sub, stderr)
	data := fs.String("data", envOr("LIFA_DATA", "./lifa-data"), "数据目录（LIFA_DATA）")
	db := fs.String("db", envOr("LIFA_DB", ""), "PostgreSQL 连接串（LIFA_DB）")
	var role, display, password, region string
	var cp int64
	switch sub {
	case "add":
		fs.StringVar(&role, "role", "", "角色：admin（管理员）、staff（工作人员）、member（委员、代表）、liaison（联系点联络员）")
		fs.Int64Var(&cp, "contact-point", 0, "联络员所属的基层立法联系点编号（lifa user contact-point 创建）")
		fs.StringVar(&display, "display-name", "", "显示名称，默认同用户名")
		fs.StringVar(&password, "password", "", "密码；不给出时从标准输入读取一行")
		fs.Usage = func() {
			fmt.Fprintln(stderr, "用法: lifa user add --role staff|admin|member|liaison [--contact-point ID] [--password P] 用户名")
			fs.PrintDefaults()
		}
	case "list":
	case "contact-point":
		fs.StringVar(&region, "region", "", "所在区、街道")
		fs.Usage = func() {
			fmt.Fprintln(stderr, "用法: lifa user contact-point [--region 白云区] 联系点名称")
			fs.PrintDefaults()
		}
	default:
		fmt.Fprintf(stderr, "lifa user: 未知子命令 %q（应为 add、list 或 contact-point）\n", sub)
		return 2
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if sub != "list" && fs.NArg() != 1 {
		return usageError(fs, stderr, "需要且只需要一个名称")
	}
	if sub == "add" {
		if _, err := drafts.ParseRole(role); err != nil {
			return usageError(fs, stderr, drafts.ErrorMessage(err))
		}
		if role == string(drafts.RoleLiaison) && cp <= 0 {
			return usageError(fs, stderr, "联络员须用 --contact-point 指定所属联系点")
		}
		if password == "" {
			line, err := bufio.NewReader(stdin).ReadString('\n')
			if err != nil && !errors.Is(err, io.EOF) {
				fmt.Fprintf(stderr, "lifa user add: 读取密码: %v\n", err)
				return 1
			}
			password = strings.TrimRight(line, "\r\n")
		}
	}
	ctx := context.Background()
	s, err := store.Open(ctx, dataStoreDSN(*data, *db))
	if err != nil {
		fmt.Fprintf(stderr, "lifa user: %v\n", err)
		return 1
	}
	defer s.Close()
	accts := accounts.New(s)
	switch sub {
	case "add":
		a, err := accts.Create(ctx, "lifa user", accounts.NewAccount{Name: fs.Arg(0), DisplayName: display,
			Role: drafts.Role(role), ContactPointID: cp, Password: password})
		if err != nil {
			fmt.Fprintf(stderr, "lifa user add: %s\n", errorText(err))
			return 1
		}
		fmt.Fprintf(stdout, "已创建用户 %s（%s），编号 %d\n", a.Name, a.Role.Label(), a.ID)
	case "list":
		list, err := s.Accounts(ctx)
		if err != nil {
			fmt.Fprintf(stderr, "lifa user list: %s\n", errorText(err))
			return 1
		}
		for _, a := range list {
			state := ""
			if a.Disabled {
				state = "（已停用）"
			}
			fmt.Fprintf(stdout, "%d\t%s\t%s\t%s%s\n", a.ID, a.Name, a.Role.Label(), a.DisplayName, state)
		}
	case "contact-point":
		c, err := accts.CreateContactPoint(ctx, "lifa user", drafts.ContactPoint{Name: fs.Arg(0), Region: region})
		if err != nil {
			fmt.Fprintf(stderr, "lifa user contact-point: %s\n", errorText(err))
			return 1
		}
		fmt.Fprintf(stdout, "已创建基层立法联系点 %s，编号 %d\n", c.Name, c.ID)
	}
	return 0
}
