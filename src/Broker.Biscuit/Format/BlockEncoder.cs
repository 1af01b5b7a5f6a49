using Broker.Biscuit.Datalog;
using Broker.Biscuit.Token;
using Google.Protobuf;
using P = Broker.Biscuit.Format.Proto;

namespace Broker.Biscuit.Format;

/// <summary>
/// Serializes a block against a symbol table and key table, appending what is new to both; the block
/// carries only the symbols and keys it added.
/// </summary>
internal sealed class BlockEncoder(SymbolTable symbols, PublicKeyTable keys)
{
    public P.Block Encode(Block block)
    {
        var firstSymbol = symbols.Count;
        var firstKey = keys.Keys.Count;
        var result = new P.Block { Version = block.Version };
        if (block.Context is not null)
        {
            result.Context = block.Context;
        }

        result.Facts.AddRange(block.Facts.Select(f => new P.FactV2 { Predicate = Predicate(f.Predicate) }));
        result.Rules.AddRange(block.Rules.Select(Rule));
        result.Checks.AddRange(block.Checks.Select(Check));
        result.Scope.AddRange(block.Scopes.Select(Scope));
        result.Symbols.AddRange(symbols.Symbols.Skip(firstSymbol));
        result.PublicKeys.AddRange(keys.Keys.Skip(firstKey).Select(KeyCodec.ToProto));
        return result;
    }

    private P.CheckV2 Check(Check check)
    {
        var result = new P.CheckV2();
        if (check.Kind != CheckKind.One)
        {
            result.Kind = (P.CheckV2.Types.Kind)(int)check.Kind;
        }

        result.Queries.AddRange(check.Queries.Select(Rule));
        return result;
    }

    public P.RuleV2 Rule(Rule rule)
    {
        var result = new P.RuleV2 { Head = Predicate(rule.Head) };
        result.Body.AddRange(rule.Body.Select(Predicate));
        foreach (var expression in rule.Expressions)
        {
            var encoded = new P.ExpressionV2();
            encoded.Ops.AddRange(expression.Ops.Select(Op));
            result.Expressions.Add(encoded);
        }

        result.Scope.AddRange(rule.Scopes.Select(Scope));
        return result;
    }

    private P.Scope Scope(Datalog.Scope scope) => scope switch
    {
        KindScope { Kind: ScopeKind.Authority } => new P.Scope { ScopeType = P.Scope.Types.ScopeType.Authority },
        KindScope { Kind: ScopeKind.Previous } => new P.Scope { ScopeType = P.Scope.Types.ScopeType.Previous },
        PublicKeyScope k => new P.Scope { PublicKey = keys.Intern(k.Key) },
        _ => throw new ArgumentOutOfRangeException(nameof(scope)),
    };

    private P.PredicateV2 Predicate(Predicate predicate)
    {
        var result = new P.PredicateV2 { Name = symbols.Intern(predicate.Name) };
        result.Terms.AddRange(predicate.Terms.Select(Term));
        return result;
    }

    private P.Op Op(Op op)
    {
        switch (op)
        {
            case ValueOp v:
                return new P.Op { Value = Term(v.Value) };
            case UnaryOp u:
                var unary = new P.OpUnary { Kind = (P.OpUnary.Types.Kind)(int)u.Kind };
                if (u.FunctionName is not null)
                {
                    unary.FfiName = symbols.Intern(u.FunctionName);
                }

                return new P.Op { Unary = unary };
            case BinaryOp b:
                var binary = new P.OpBinary { Kind = (P.OpBinary.Types.Kind)(int)b.Kind };
                if (b.FunctionName is not null)
                {
                    binary.FfiName = symbols.Intern(b.FunctionName);
                }

                return new P.Op { Binary = binary };
            case ClosureOp c:
                var closure = new P.OpClosure();
                closure.Params.AddRange(c.Parameters.Select(p => (uint)symbols.Intern(p)));
                closure.Ops.AddRange(c.Ops.Select(Op));
                return new P.Op { Closure = closure };
            default:
                throw new ArgumentOutOfRangeException(nameof(op));
        }
    }

    private P.TermV2 Term(Term term)
    {
        switch (term)
        {
            case VariableTerm v:
                return new P.TermV2 { Variable = (uint)symbols.Intern(v.Name) };
            case IntegerTerm i:
                return new P.TermV2 { Integer = i.Value };
            case StringTerm s:
                return new P.TermV2 { String = symbols.Intern(s.Value) };
            case DateTerm d:
                return new P.TermV2 { Date = d.Seconds };
            case BytesTerm b:
                return new P.TermV2 { Bytes = ByteString.CopyFrom(b.Value) };
            case BoolTerm b:
                return new P.TermV2 { Bool = b.Value };
            case NullTerm:
                return new P.TermV2 { Null = new P.Empty() };
            case SetTerm s:
                var set = new P.TermSet();
                set.Set.AddRange(s.Items.Select(Term));
                return new P.TermV2 { Set = set };
            case ArrayTerm a:
                var array = new P.Array();
                array.Array_.AddRange(a.Items.Select(Term));
                return new P.TermV2 { Array = array };
            case MapTerm m:
                var map = new P.Map();
                map.Entries.AddRange(
                    m.Entries.Select(e => new P.MapEntry { Key = MapKey(e.Key), Value = Term(e.Value) }));
                return new P.TermV2 { Map = map };
            default:
                throw new ArgumentOutOfRangeException(nameof(term));
        }
    }

    private P.MapKey MapKey(Term key) => key is IntegerTerm i
        ? new P.MapKey { Integer = i.Value }
        : new P.MapKey { String = symbols.Intern(((StringTerm)key).Value) };
}
