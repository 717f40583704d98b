using System.Linq.Expressions;
using Nuke.Common.IO;

namespace Nuke.Common;

/// <summary>Stand-in of the members of NUKE's INukeBuild the components use.</summary>
public interface INukeBuild
{
    AbsolutePath RootDirectory { get; }

    /// <summary>The value bound to a [Parameter] reference type member, or null. (NUKE is nullable-oblivious; class? mirrors that.)</summary>
    T? TryGetValue<T>(Expression<Func<T>> parameterExpression) where T : class?;

    /// <summary>The value bound to a [Parameter] value type member (as NUKE: through object), or default.</summary>
    T? TryGetValue<T>(Expression<Func<object?>> parameterExpression);
}
