using System.Collections.Immutable;
using Broker.Biscuit.Crypto;
using Broker.Biscuit.Datalog;
using Broker.Biscuit.Token;
using Google.Protobuf;
using P = Broker.Biscuit.Format.Proto;

namespace Broker.Biscuit.Format;

/// <summary>Turns a serialized block into Datalog, resolving symbol and public key indexes.</summary>
internal sealed class BlockDecoder(SymbolTable symbols, PublicKeyTable keys)
{
    public const uint MinVersion = 3;
    public const uint MaxVersion = 6;

    public static P.Block Parse(ReadOnlySpan<byte> data)
    {
        try
        {
            return P.Block.Parser.ParseFrom(data);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new BiscuitFormatException("A block is not a valid Block message.", e);
        }
    }

    public static PublicKeyTable ReadKeys(P.Block block)
    {
        var table = new PublicKeyTable();
        table.Extend(block.PublicKeys.Select(KeyCodec.FromProto));
        return table;
    }

    public Block Decode(P.Block block, BiscuitPublicKey? externalKey)
    {
        var version = block.HasVersion ? block.Version : 0;
        if (version is < MinVersion or > MaxVersion)
        {
            throw new BiscuitFormatException($"Unsupported block version {version}.");
        }

        // The declared version is not checked against the features used: the reference implementation
        // writes, for instance, arrays in expressions of version 3 blocks. Every feature is evaluated anyway.
        return new Block(
            [.. block.Facts.Select(f => new Fact(Predicate(f.Predicate, allowVariables: false)))],
            [.. block.Rules.Select(Rule)],
            [.. block.Checks.Select(Check)],
            [.. block.Scope.Select(Scope)],
            version,
            block.HasContext ? block.Context : null,
            externalKey);
    }

    private Check Check(P.CheckV2 check)
    {
        var kind = check.HasKind ? (CheckKind)(int)check.Kind : CheckKind.One;
        if (!Enum.IsDefined(kind))
        {
            throw new BiscuitFormatException("Unknown check kind.");
        }

        return new Check(kind, [.. check.Queries.Select(Rule)]);
    }

    public Rule Rule(P.RuleV2 rule) => new(
        Predicate(rule.Head, allowVariables: true),
        [.. rule.Body.Select(p => Predicate(p, allowVariables: true))],
        [.. rule.Expressions.Select(e => new Expression(Ops(e.Ops)))],
        [.. rule.Scope.Select(Scope)]);

    private Datalog.Scope Scope(P.Scope scope) => scope.ContentCase switch
    {
        P.Scope.ContentOneofCase.ScopeType when scope.ScopeType == P.Scope.Types.ScopeType.Authority =>
            Datalog.Scope.Authority,
        P.Scope.ContentOneofCase.ScopeType when scope.ScopeType == P.Scope.Types.ScopeType.Previous =>
            Datalog.Scope.Previous,
        P.Scope.ContentOneofCase.PublicKey => new PublicKeyScope(keys.Lookup(scope.PublicKey)),
        _ => throw new BiscuitFormatException("Unknown scope."),
    };

    private Predicate Predicate(P.PredicateV2? predicate, bool allowVariables)
    {
        if (predicate is null || !predicate.HasName)
        {
            throw new BiscuitFormatException("A predicate has no name.");
        }

        var terms = predicate.Terms.Select(Term).ToList();
        if (!allowVariables && terms.Any(t => t.HasVariables))
        {
            throw new BiscuitFormatException("A fact contains a variable.");
        }

        return new Predicate(symbols.Lookup(predicate.Name), terms);
    }

    private ImmutableArray<Op> Ops(IEnumerable<P.Op> ops) => [.. ops.Select(Op)];

    private Op Op(P.Op op) => op.ContentCase switch
    {
        P.Op.ContentOneofCase.Value => new ValueOp(Term(op.Value)),
        P.Op.ContentOneofCase.Unary => Unary(op.Unary),
        P.Op.ContentOneofCase.Binary => Binary(op.Binary),
        P.Op.ContentOneofCase.Closure => new ClosureOp(
            [.. op.Closure.Params.Select(p => symbols.Lookup(p))],
            Ops(op.Closure.Ops)),
        _ => throw new BiscuitFormatException("An expression has an empty operation."),
    };

    private UnaryOp Unary(P.OpUnary unary)
    {
        var kind = (UnaryKind)(int)unary.Kind;
        if (!unary.HasKind || !Enum.IsDefined(kind))
        {
            throw new BiscuitFormatException("Unknown unary operation.");
        }

        return kind == UnaryKind.External
            ? new UnaryOp(kind, ExternalName(unary.HasFfiName, unary.FfiName))
            : new UnaryOp(kind);
    }

    private BinaryOp Binary(P.OpBinary binary)
    {
        var kind = (BinaryKind)(int)binary.Kind;
        if (!binary.HasKind || !Enum.IsDefined(kind))
        {
            throw new BiscuitFormatException("Unknown binary operation.");
        }

        return kind == BinaryKind.External
            ? new BinaryOp(kind, ExternalName(binary.HasFfiName, binary.FfiName))
            : new BinaryOp(kind);
    }

    private string ExternalName(bool present, ulong index) =>
        present ? symbols.Lookup(index) : throw new BiscuitFormatException("An external call has no name.");

    private Term Term(P.TermV2? term) => term?.ContentCase switch
    {
        P.TermV2.ContentOneofCase.Variable => new VariableTerm(symbols.Lookup(term.Variable)),
        P.TermV2.ContentOneofCase.Integer => new IntegerTerm(term.Integer),
        P.TermV2.ContentOneofCase.String => new StringTerm(symbols.Lookup(term.String)),
        P.TermV2.ContentOneofCase.Date => new DateTerm(term.Date),
        P.TermV2.ContentOneofCase.Bytes => new BytesTerm(term.Bytes.Span),
        P.TermV2.ContentOneofCase.Bool => BoolTerm.Of(term.Bool),
        P.TermV2.ContentOneofCase.Null => NullTerm.Instance,
        P.TermV2.ContentOneofCase.Set => Set(term.Set),
        P.TermV2.ContentOneofCase.Array => new ArrayTerm(term.Array.Array_.Select(Term)),
        P.TermV2.ContentOneofCase.Map => Map(term.Map),
        _ => throw new BiscuitFormatException("A term has no value."),
    };

    private SetTerm Set(P.TermSet set)
    {
        var items = set.Set.Select(Term).ToList();
        if (items.Any(i => i.Kind is TermKind.Variable or TermKind.Set))
        {
            throw new BiscuitFormatException("A set may not contain variables or sets.");
        }

        return new SetTerm(items);
    }

    private MapTerm Map(P.Map map) => new(map.Entries.Select(e => new KeyValuePair<Term, Term>(
        e.Key?.ContentCase switch
        {
            P.MapKey.ContentOneofCase.Integer => new IntegerTerm(e.Key.Integer),
            P.MapKey.ContentOneofCase.String => new StringTerm(symbols.Lookup(e.Key.String)),
            _ => throw new BiscuitFormatException("A map key has no value."),
        },
        Term(e.Value))));
}
