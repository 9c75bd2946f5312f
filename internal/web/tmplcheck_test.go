package web

import (
	"fmt"
	"html/template"
	"reflect"
	"text/template/parse"
)

// A static type checker for templates, a test helper. It walks a template's parse tree
// as text/template's exec.go walks it at run time, but with the static type of dot and of
// each variable instead of values, and on every branch: it resolves each field chain
// (.A.B, $x.A, (pipeline).A) the way exec's evalField does (a method of the type or its
// pointer, an exported field of a struct or of one it embeds, a key of a map with string
// keys), checks each call's arguments (their number and types) against the method's or
// function's signature and each index against what it indexes, and follows {{template}}
// calls with their pipeline's type as dot. It is permissive where exec decides at run
// time: a method with a pointer receiver is taken on a value, whether or not exec could
// address it there.
//
// A nil reflect.Type is "unknown": what the checker cannot tell statically (a value of
// type any, a template called without a pipeline, and or or over values of different
// types, an index into something unknown). A lookup on it is not checked but counted, so
// that such places stay few.

// checkStats gathers what a run of the checker saw, over all the templates checked.
type checkStats struct {
	checks  int             // field chains resolved, each time a template was checked
	chains  map[string]bool // the places ("file:line:col .A.B") of those chains
	unknown map[string]bool // the places of lookups on an unknown type
}

func newCheckStats() *checkStats {
	return &checkStats{chains: map[string]bool{}, unknown: map[string]bool{}}
}

// checkTemplate checks the template name of set (and every template it calls) with dot
// of type dot, and returns the errors found.
func checkTemplate(set *template.Template, name string, dot reflect.Type, stats *checkStats) []string {
	c := &tmplChecker{set: set, stats: stats, done: map[checkedTemplate]bool{}}
	if set.Lookup(name) == nil {
		return []string{fmt.Sprintf("no template %q", name)}
	}
	c.template(name, dot)
	return c.errs
}

type tmplChecker struct {
	set   *template.Template
	stats *checkStats
	done  map[checkedTemplate]bool // templates checked, or being checked, by dot type
	tree  *parse.Tree              // the tree being walked, for positions
	vars  []tvar                   // the variables in scope, innermost last, as exec's stack
	errs  []string
}

type checkedTemplate struct {
	name string
	dot  reflect.Type
}

type tvar struct {
	name string
	typ  reflect.Type
}

// missingType marks a command with no final value (the first of its pipeline), as exec's
// missingVal does.
var missingType = reflect.TypeFor[struct{ missing byte }]()

var (
	boolType   = reflect.TypeFor[bool]()
	intType    = reflect.TypeFor[int]()
	stringType = reflect.TypeFor[string]()
	errorType  = reflect.TypeFor[error]()
)

// builtinResults are the result types of the builtins whose result does not depend on
// their arguments; and, or, index, slice and call are worked out from their arguments.
var builtinResults = map[string]reflect.Type{
	"not": boolType, "len": intType, "eq": boolType, "ne": boolType, "lt": boolType,
	"le": boolType, "gt": boolType, "ge": boolType, "print": stringType, "printf": stringType,
	"println": stringType, "html": stringType, "js": stringType, "urlquery": stringType,
}

func (c *tmplChecker) errorf(n parse.Node, format string, args ...any) {
	c.errs = append(c.errs, c.where(n)+": "+fmt.Sprintf(format, args...))
}

// where gives a node's place: the template file, line and column.
func (c *tmplChecker) where(n parse.Node) string {
	loc, _ := c.tree.ErrorContext(n)
	return loc
}

// template checks a named template with dot of type dot, once per type: a template
// that calls itself (or one calling it) with the same type is not walked again.
func (c *tmplChecker) template(name string, dot reflect.Type) {
	key := checkedTemplate{name, dot}
	if c.done[key] {
		return
	}
	c.done[key] = true
	tree, vars := c.tree, c.vars
	c.tree, c.vars = c.set.Lookup(name).Tree, []tvar{{"$", dot}}
	c.walk(dot, c.tree.Root)
	c.tree, c.vars = tree, vars
}

func (c *tmplChecker) walk(dot reflect.Type, node parse.Node) {
	switch n := node.(type) {
	case *parse.ListNode:
		for _, n := range n.Nodes {
			c.walk(dot, n)
		}
	case *parse.ActionNode:
		c.pipe(dot, n.Pipe)
	case *parse.IfNode:
		c.branch(dot, &n.BranchNode, false)
	case *parse.WithNode:
		c.branch(dot, &n.BranchNode, true)
	case *parse.RangeNode:
		c.rangeNode(dot, n)
	case *parse.TemplateNode:
		var arg reflect.Type // without a pipeline, dot is nil: unknown
		if n.Pipe != nil {
			arg = c.pipe(dot, n.Pipe)
		}
		if c.set.Lookup(n.Name) == nil {
			c.errorf(n, "no template %q", n.Name)
			return
		}
		c.template(n.Name, arg)
	}
	// Text, comments, {{break}} and {{continue}} need nothing.
}

// scoped walks a list and then forgets the variables it declared, as exec does at the
// end of a control structure's branch.
func (c *tmplChecker) scoped(dot reflect.Type, list *parse.ListNode) {
	if list == nil {
		return
	}
	mark := len(c.vars)
	c.walk(dot, list)
	c.vars = c.vars[:mark]
}

// branch walks {{if}} or {{with}}: the pipeline's variables live in both branches; with
// makes the pipeline's value dot in the first.
func (c *tmplChecker) branch(dot reflect.Type, b *parse.BranchNode, with bool) {
	mark := len(c.vars)
	typ := c.pipe(dot, b.Pipe)
	if with {
		c.scoped(typ, b.List)
	} else {
		c.scoped(dot, b.List)
	}
	c.scoped(dot, b.ElseList)
	c.vars = c.vars[:mark]
}

// rangeNode walks {{range}}: dot is the element; with two variables the first is the
// index or key; the {{else}} branch keeps dot, and the variables the pipeline's value.
func (c *tmplChecker) rangeNode(dot reflect.Type, r *parse.RangeNode) {
	mark := len(c.vars)
	over := c.pipe(dot, r.Pipe)
	key, elem, ok := rangeTypes(over)
	if !ok {
		c.errorf(r, "range can't iterate over %s", over)
	}
	set := func(key, elem reflect.Type) {
		switch d := r.Pipe.Decl; len(d) {
		case 1:
			c.variable(d[0]).typ = elem
		case 2:
			c.variable(d[0]).typ = key
			c.variable(d[1]).typ = elem
		}
	}
	set(key, elem)
	c.scoped(elem, r.List)
	set(over, over)
	c.scoped(dot, r.ElseList)
	c.vars = c.vars[:mark]
}

// rangeTypes gives the key and element types of ranging over t, as exec's walkRange.
func rangeTypes(t reflect.Type) (key, elem reflect.Type, ok bool) {
	if t == nil {
		return nil, nil, true
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch k := t.Kind(); {
	case k == reflect.Array || k == reflect.Slice || k == reflect.Chan:
		return intType, t.Elem(), true
	case k == reflect.Map:
		return t.Key(), t.Elem(), true
	case intLike(t): // range over an int: one variable only
		return nil, t, true
	case k == reflect.Interface:
		return nil, nil, true
	case k == reflect.Func: // iter.Seq and iter.Seq2
		if t.CanSeq() {
			return nil, t.In(0).In(0), true
		}
		if t.CanSeq2() {
			return t.In(0).In(0), t.In(0).In(1), true
		}
	}
	return nil, nil, false
}

// pipe checks a pipeline, each command's result passed on as the next one's final
// argument, declares or assigns its variables, and returns its type.
func (c *tmplChecker) pipe(dot reflect.Type, p *parse.PipeNode) reflect.Type {
	typ := missingType
	for _, cmd := range p.Cmds {
		typ = c.word(dot, cmd.Args[0], cmd.Args[1:], typ)
	}
	if typ != nil && typ.Kind() == reflect.Interface && typ.NumMethod() == 0 {
		typ = nil // exec digs the value out of an any: its type is known at run time only
	}
	for _, v := range p.Decl {
		if p.IsAssign {
			c.variable(v).typ = typ
		} else {
			c.vars = append(c.vars, tvar{v.Ident[0], typ})
		}
	}
	return typ
}

// variable finds a variable in scope, the innermost of its name.
func (c *tmplChecker) variable(v *parse.VariableNode) *tvar {
	for i := len(c.vars) - 1; i >= 0; i-- {
		if c.vars[i].name == v.Ident[0] {
			return &c.vars[i]
		}
	}
	c.errorf(v, "undefined variable %s", v.Ident[0])
	return &tvar{}
}

// word gives the type of a command's first word called with args and final (the
// previous command's result; missingType for none), as exec's evalCommand. An argument is
// a word without arguments.
func (c *tmplChecker) word(dot reflect.Type, node parse.Node, args []parse.Node, final reflect.Type) reflect.Type {
	switch n := node.(type) {
	case *parse.FieldNode:
		return c.chain(dot, n, dot, n.Ident, args, final)
	case *parse.VariableNode:
		return c.chain(dot, n, c.variable(n).typ, n.Ident[1:], args, final)
	case *parse.ChainNode:
		return c.chain(dot, n, c.word(dot, n.Node, nil, missingType), n.Field, args, final)
	case *parse.IdentifierNode:
		return c.function(dot, n, args, final)
	}
	if len(args) > 0 || final != missingType {
		c.errorf(node, "%s is not a method or function but has arguments", node)
	}
	switch n := node.(type) {
	case *parse.DotNode:
		return dot
	case *parse.PipeNode:
		return c.pipe(dot, n)
	case *parse.StringNode:
		return stringType
	case *parse.BoolNode:
		return boolType
	case *parse.NumberNode: // roughly as exec's idealConstant (1.0 is a float64 there)
		if n.IsInt {
			return intType
		} else if n.IsFloat {
			return reflect.TypeFor[float64]()
		}
		return reflect.TypeFor[complex128]()
	}
	return nil // nil
}

func (c *tmplChecker) args(dot reflect.Type, args []parse.Node, final reflect.Type) []reflect.Type {
	types := make([]reflect.Type, 0, len(args)+1)
	for _, a := range args {
		types = append(types, c.word(dot, a, nil, missingType))
	}
	if final != missingType {
		types = append(types, final)
	}
	return types
}

// chain resolves the links of a field chain from typ; the last one is called with args
// and final, the others with none.
func (c *tmplChecker) chain(dot reflect.Type, n parse.Node, typ reflect.Type, links []string, args []parse.Node, final reflect.Type) reflect.Type {
	types := c.args(dot, args, final)
	if len(links) == 0 { // $x alone
		if len(types) > 0 {
			c.errorf(n, "%s is not a method or function but has arguments", n)
		}
		return typ
	}
	c.stats.checks++
	c.stats.chains[c.where(n)+" "+n.String()] = true
	for i, name := range links {
		if typ == nil {
			c.stats.unknown[c.where(n)+" "+n.String()] = true
			return nil
		}
		if i < len(links)-1 {
			typ = c.field(n, typ, name, nil, nil)
		} else {
			typ = c.field(n, typ, name, args, types)
		}
	}
	return typ
}

// field resolves .name on a value of type typ as exec's evalField does, and returns the
// result's type (nil after an error, so that one mistake is reported once).
func (c *tmplChecker) field(n parse.Node, typ reflect.Type, name string, args []parse.Node, types []reflect.Type) reflect.Type {
	base := typ
	for base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	if ft, ok := methodType(base, name); ok {
		return c.call(n, fmt.Sprintf("%s: method %s of %s", n, name, typ), ft, args, types)
	}
	switch base.Kind() {
	case reflect.Struct:
		if f, ok := base.FieldByName(name); ok {
			switch {
			case !f.IsExported():
				c.errorf(n, "%s: %s is an unexported field of %s", n, name, typ)
			case len(types) > 0:
				c.errorf(n, "%s: %s has arguments but is not a method of %s", n, name, typ)
			default:
				return f.Type
			}
			return nil
		}
	case reflect.Map:
		if stringType.AssignableTo(base.Key()) {
			if len(types) > 0 {
				c.errorf(n, "%s: %s has arguments but is not a method of %s", n, name, typ)
				return nil
			}
			return base.Elem()
		}
	case reflect.Interface:
		if base.NumMethod() == 0 { // any: only the value knows
			c.stats.unknown[c.where(n)+" "+n.String()] = true
			return nil
		}
	}
	c.errorf(n, "%s: can't find %s in %s", n, name, typ)
	return nil
}

// methodType gives the type of t's method name without its receiver, looking at *t's
// methods (exec calls methods through a pointer when it can).
func methodType(t reflect.Type, name string) (reflect.Type, bool) {
	if t.Kind() == reflect.Interface {
		m, ok := t.MethodByName(name)
		return m.Type, ok
	}
	if m := reflect.New(t).MethodByName(name); m.IsValid() {
		return m.Type(), true
	}
	return nil, false
}

// function checks a call of a function of the FuncMap or a builtin.
func (c *tmplChecker) function(dot reflect.Type, n *parse.IdentifierNode, args []parse.Node, final reflect.Type) reflect.Type {
	types := c.args(dot, args, final)
	if f, ok := templateFuncs[n.Ident]; ok {
		return c.call(n, n.Ident, reflect.TypeOf(f), args, types)
	}
	if len(types) == 0 && (n.Ident == "and" || n.Ident == "or" || n.Ident == "index" || n.Ident == "slice" || n.Ident == "call") {
		c.errorf(n, "%s: wrong number of arguments: want at least 1, got 0", n.Ident)
		return nil
	}
	switch n.Ident {
	case "and", "or": // one of the arguments
		for _, t := range types[1:] {
			if t != types[0] {
				return nil
			}
		}
		return types[0]
	case "index": // as exec's index and prepareArg: an int into a string, array or slice
		typ := types[0]
		for i, at := range types[1:] {
			for typ != nil && typ.Kind() == reflect.Pointer {
				typ = typ.Elem()
			}
			if typ == nil {
				return nil
			}
			key, elem := intType, typ
			switch typ.Kind() {
			case reflect.String:
				elem = reflect.TypeFor[byte]()
			case reflect.Array, reflect.Slice:
				elem = typ.Elem()
			case reflect.Map:
				key, elem = typ.Key(), typ.Elem()
			default:
				c.errorf(n, "index of %s, which has no elements", typ)
				return nil
			}
			if at != nil && at.Kind() != reflect.Interface && !at.AssignableTo(key) && !(intLike(at) && intLike(key)) {
				c.errorf(n, "index %d of %s is %s, not %s", i+1, typ, at, key)
			}
			typ = elem
		}
		return typ
	case "slice":
		if typ := types[0]; typ != nil && typ.Kind() == reflect.Array {
			return reflect.SliceOf(typ.Elem())
		}
		return types[0] // a slice or a string
	case "call":
		if ft := types[0]; ft != nil && ft.Kind() == reflect.Func {
			return c.call(n, "call", ft, args[min(1, len(args)):], types[1:]) // the function is args[0], or final
		} else if ft != nil {
			c.errorf(n, "call of %s, not a function", ft)
		}
		return nil
	}
	if t, ok := builtinResults[n.Ident]; ok {
		return t
	}
	c.errorf(n, "function %q is not known to the checker: add it to templateFuncs", n.Ident)
	return nil
}

// call checks a call of a function or method of type ft, as exec's evalCall does: the
// number of arguments (final, if any, is the last of types), each argument's type, and
// the results (one, or one and an error); it returns the result's type.
func (c *tmplChecker) call(n parse.Node, what string, ft reflect.Type, args []parse.Node, types []reflect.Type) reflect.Type {
	want := ft.NumIn()
	switch {
	case ft.IsVariadic() && len(types) < want-1:
		c.errorf(n, "%s: wrong number of arguments: want at least %d, got %d", what, want-1, len(types))
		return nil
	case !ft.IsVariadic() && len(types) != want:
		c.errorf(n, "%s: wrong number of arguments: want %d, got %d", what, want, len(types))
		return nil
	case ft.NumOut() == 0 || ft.NumOut() > 2 || ft.NumOut() == 2 && ft.Out(1) != errorType:
		c.errorf(n, "%s: can't be called from a template: results %s", what, ft)
		return nil
	}
	for i, at := range types {
		pt := ft.In(min(i, want-1))
		if ft.IsVariadic() && i >= want-1 {
			pt = pt.Elem()
		}
		var arg parse.Node // the pipeline's value, the final argument, has no node
		desc := "the pipeline's value"
		if i < len(args) {
			arg, desc = args[i], args[i].String()
		}
		if !fits(arg, at, pt) {
			c.errorf(n, "%s: argument %d (%s) is %s, not %s", what, i+1, desc, at, pt)
		}
	}
	return ft.Out(0)
}

// fits reports whether an argument of type at (node arg) can be passed as a parameter of
// type pt, as exec's evalArg and validateType allow: a constant of pt's kind, a value
// assignable to pt or pointing to one, anything to an any.
func fits(arg parse.Node, at, pt reflect.Type) bool {
	if pt.Kind() == reflect.Interface && pt.NumMethod() == 0 {
		return true
	}
	switch n := arg.(type) {
	case *parse.StringNode:
		return pt.Kind() == reflect.String
	case *parse.BoolNode:
		return pt.Kind() == reflect.Bool
	case *parse.NilNode:
		k := pt.Kind()
		return k == reflect.Chan || k == reflect.Func || k == reflect.Interface || k == reflect.Map || k == reflect.Pointer || k == reflect.Slice
	case *parse.NumberNode: // reflect's kinds run Int…Int64, Uint…Uintptr, Float32, Float64, Complex64, Complex128
		k := pt.Kind()
		return n.IsInt && k >= reflect.Int && k <= reflect.Int64 || n.IsUint && k >= reflect.Uint && k <= reflect.Uintptr ||
			n.IsFloat && k >= reflect.Float32 && k <= reflect.Float64 || n.IsComplex && k >= reflect.Complex64 && k <= reflect.Complex128
	}
	if at == nil || at.Kind() == reflect.Interface || at.AssignableTo(pt) {
		return true // an interface's dynamic value is only known at run time
	}
	return at.Kind() == reflect.Pointer && at.Elem().AssignableTo(pt) || reflect.PointerTo(at).AssignableTo(pt)
}

func intLike(t reflect.Type) bool { return t.Kind() >= reflect.Int && t.Kind() <= reflect.Uintptr }
