namespace Nuke.Common;

/// <summary>Stand-in of NUKE's <c>From&lt;T&gt;()</c>, which reaches a component's default members from the build.</summary>
public static class NukeBuildExtensions
{
    public static T From<T>(this INukeBuild build) where T : INukeBuild => (T)build;
}
