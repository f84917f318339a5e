# Reads PowerShell scripts with PowerShell's own parser and prints, one line each, what keeps them from running in
# Windows PowerShell 5.1: parse errors, and syntax that PowerShell 6 and 7 added. Prints nothing when there is none.
# Used by Recorder.Tests/Deploy/ScriptSyntaxTests.cs: "<file>:<line>: <what>: <text>".
param(
    [Parameter(Mandatory = $true, ValueFromRemainingArguments = $true)]
    [string[]] $Path
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# The syntax tree nodes that only PowerShell 6 and 7 produce, and what they are called.
function Get-NewerSyntax($Node) {
    if ($Node -is [System.Management.Automation.Language.TernaryExpressionAst]) {
        return 'ternary operator (a ? b : c)'
    }

    if ($Node -is [System.Management.Automation.Language.PipelineChainAst]) {
        return 'pipeline chain operator (&& or ||)'
    }

    if ($Node -is [System.Management.Automation.Language.BinaryExpressionAst] -and $Node.Operator -eq 'QuestionQuestion') {
        return 'null-coalescing operator (??)'
    }

    if ($Node -is [System.Management.Automation.Language.AssignmentStatementAst] -and $Node.Operator -eq 'QuestionQuestionEquals') {
        return 'null-coalescing assignment (??=)'
    }

    # InvokeMemberExpressionAst is a MemberExpressionAst: $a?.B and $a?.B() alike.
    if ($Node -is [System.Management.Automation.Language.MemberExpressionAst] -and $Node.NullConditional) {
        return 'null-conditional member access (?.)'
    }

    if ($Node -is [System.Management.Automation.Language.IndexExpressionAst] -and $Node.NullConditional) {
        return 'null-conditional index (?[])'
    }

    if ($Node -is [System.Management.Automation.Language.PipelineAst] -and $Node.Background) {
        return 'background operator (&)'
    }

    if ($Node -is [System.Management.Automation.Language.ScriptBlockAst] -and $Node.CleanBlock) {
        return 'clean block'
    }

    return $null
}

foreach ($file in $Path) {
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref] $tokens, [ref] $errors)
    $name = Split-Path -Leaf $file
    foreach ($parseError in $errors) {
        '{0}:{1}: parse error: {2}' -f $name, $parseError.Extent.StartLineNumber, $parseError.Message
    }

    foreach ($node in $ast.FindAll({ $true }, $true)) {
        $what = Get-NewerSyntax $node
        if ($what) {
            '{0}:{1}: {2}: {3}' -f $name, $node.Extent.StartLineNumber, $what, $node.Extent.Text.Split("`n")[0].Trim()
        }
    }
}
