namespace LambdaLayers.Toml;

/// <summary>
/// How a table came to exist. TOML's redefinition rules depend on it: a table may be defined only once,
/// and whether a later <c>[header]</c> or dotted key may add to it depends on how it was first made.
/// </summary>
internal enum TomlTableKind
{
    /// <summary>The document root.</summary>
    Root,

    /// <summary>Created only as a parent in a header (<c>a</c> in <c>[a.b]</c>); a later <c>[a]</c> may still define it.</summary>
    Implicit,

    /// <summary>Defined by its own <c>[header]</c> (or an element of <c>[[header]]</c>); closed to later dotted keys and headers.</summary>
    Header,

    /// <summary>Created by a dotted key (<c>a.b = 1</c>); further dotted keys may extend it, a <c>[header]</c> for it may not.</summary>
    Dotted,

    /// <summary>An inline table <c>{ ... }</c>: complete and immutable once written.</summary>
    Inline,
}
